import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveFigure, redrawInterval, REDRAWS_PER_DOUBLING } from '../../src/plot/live';
import { Display, messagesThisTurn, noteMessageSent, SYNC_MESSAGE_BUDGET } from '../../src/plot/show';

test('redrawInterval doubles every 25 messages of a synchronous stretch and stops at the budget', () => {
  assert.equal(REDRAWS_PER_DOUBLING, 25);
  assert.equal(redrawInterval(500, 0), 500);
  assert.equal(redrawInterval(500, 24), 500);
  assert.equal(redrawInterval(500, 25), 1000);
  assert.equal(redrawInterval(500, 74), 2000);
  assert.equal(
    redrawInterval(500, SYNC_MESSAGE_BUDGET - 1),
    500 * 2 ** Math.floor((SYNC_MESSAGE_BUDGET - 1) / 25),
  );
  assert.equal(redrawInterval(500, SYNC_MESSAGE_BUDGET), Infinity);
  // zeromq.js throws on the 513th message sent before the event loop turns: the budget stays below it.
  assert.ok(SYNC_MESSAGE_BUDGET <= 512 - 64);
});

test('a live figure in a synchronous loop sends at most the budget of messages, done() always draws, and the count restarts when the event loop turns', async () => {
  await new Promise((r) => setImmediate(r)); // start from a fresh stretch
  let sent = 0;
  // A display counted as show.ts counts tslab's (every message noted).
  const html = () => (noteMessageSent(), sent++);
  const display: Display = { html, markdown: html, text: html };
  const live = new LiveFigure({ intervalMs: 0 }, display);
  for (let i = 0; i < 5000; i++) live.push('loss', i, 1 / (i + 1)); // one synchronous stretch
  assert.equal(sent, SYNC_MESSAGE_BUDGET);
  assert.equal(messagesThisTurn(), SYNC_MESSAGE_BUDGET);
  live.done();
  assert.equal(sent, SYNC_MESSAGE_BUDGET + 1, 'done() draws even over the budget');
  assert.equal(live.figure().data[0]!.x!.length, 5000, 'no point is lost');
  await new Promise((r) => setImmediate(r));
  assert.equal(messagesThisTurn(), 0);
  live.push('loss', 5000, 0);
  assert.equal(sent, SYNC_MESSAGE_BUDGET + 2, 'redraws again once the event loop has turned');
});

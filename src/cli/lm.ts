import { Command } from './command';

/** Placeholder until its chapter lands: says so and fails. */
export const command: Command = {
  name: 'lm',
  summary: '(not built yet)',
  usage: '',
  options: {},
  async run() {
    console.error('rnnlab lm: not built yet in this version of rnnlab');
    return 1;
  },
};

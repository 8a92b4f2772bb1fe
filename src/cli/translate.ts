import { Command } from './command';

/** Placeholder until its chapter lands: says so and fails. */
export const command: Command = {
  name: 'translate',
  summary: '(not built yet)',
  usage: '',
  options: {},
  async run() {
    console.error('rnnlab translate: not built yet in this version of rnnlab');
    return 1;
  },
};

/**
 * The years the documents give for the field's milestones (001 §1.1–1.2, 003 §1), next to the
 * publications. For a paper first posted on arXiv the identifier carries its own date — `YYMM.NNNNN`
 * (or `YYMM.NNNN` before 2015) is the month of submission — so {@link arxivYear} recomputes the year
 * instead of trusting a typed one. Shown in notebook 00_getting_started; the corrections themselves
 * are rows of {@link documentErrata} (errata.ts).
 */

/** One dated claim of a document, and what was published. */
export interface DatedClaim {
  /** The document section, e.g. `001 §1.2`. */
  section: string;
  /** What is dated, e.g. `GRU`. */
  what: string;
  /** What the document says: the year and the people it names. */
  says: { year: number; by: string };
  /** The publication: first public year, authors, venue, and the arXiv identifier where there is one. */
  published: { year: number; by: string; where: string; arxiv?: string };
  /** What else is wrong or right about the claim, in a few words. */
  note: string;
}

export const documentDates: DatedClaim[] = [
  {
    section: '001 §1.1',
    what: 'dropout',
    says: { year: 2006, by: 'Hinton et al.' },
    published: {
      year: 2012,
      by: 'Hinton, Srivastava, Krizhevsky, Sutskever & Salakhutdinov',
      where: 'journal version Srivastava et al. (2014), JMLR 15',
      arxiv: '1207.0580',
    },
    note: "2006 is the year of Hinton's deep belief networks",
  },
  {
    section: '001 §1.1',
    what: 'GPT (OpenAI) uses the Transformer',
    says: { year: 2017, by: 'OpenAI' },
    published: {
      year: 2018,
      by: 'Radford, Narasimhan, Salimans & Sutskever',
      where: 'OpenAI report, Improving language understanding by generative pre-training',
    },
    note: 'the Transformer itself is from 2017, by Vaswani et al. (Google)',
  },
  {
    section: '001 §1.2',
    what: 'LSTM',
    says: { year: 1997, by: 'Hochreiter & Schmidhuber' },
    published: { year: 1997, by: 'Hochreiter & Schmidhuber', where: 'Neural Computation 9(8)' },
    note: 'right here; 003 §1 dates the same paper to 2009',
  },
  {
    section: '001 §1.2',
    what: 'GRU',
    says: { year: 2000, by: 'Ian Goodfellow et al.' },
    published: {
      year: 2014,
      by: 'Cho, van Merriënboer, Gulcehre, Bahdanau, Bougares, Schwenk & Bengio',
      where: 'EMNLP 2014',
      arxiv: '1406.1078',
    },
    note: 'Goodfellow is not among the authors',
  },
  {
    section: '001 §1.2',
    what: 'Transformer',
    says: { year: 2015, by: 'Vaswani et al.' },
    published: {
      year: 2017,
      by: 'Vaswani, Shazeer, Parmar, Uszkoreit, Jones, Gomez, Kaiser & Polosukhin',
      where: 'NeurIPS 2017',
      arxiv: '1706.03762',
    },
    note: 'it replaces recurrence with self-attention; it does not improve an RNN',
  },
  {
    section: '003 §1',
    what: 'the recurrence h_t = tanh(W_hh h_{t−1} + W_xh x_t + b_h)',
    says: { year: 1986, by: 'Jordan' },
    published: { year: 1990, by: 'Elman', where: 'Finding structure in time, Cognitive Science 14(2)' },
    note: "Jordan's 1986 network is real but feeds back its outputs, not a hidden state",
  },
  {
    section: '003 §1',
    what: 'LSTM',
    says: { year: 2009, by: 'Schmidhuber' },
    published: { year: 1997, by: 'Hochreiter & Schmidhuber', where: 'Neural Computation 9(8)' },
    note: 'the forget gate came in 2000 (Gers, Schmidhuber & Cummins)',
  },
];

/**
 * The year of submission read from an arXiv identifier: `1406.1078` → 2014. New-style identifiers
 * (`YYMM.NNNN`, `YYMM.NNNNN`, optionally `arXiv:` before and `vN` after) began in April 2007; the year
 * is 2000 + YY.
 */
export function arxivYear(id: string): number {
  const m = /^(?:arXiv:)?(\d{2})(\d{2})\.\d{4,5}(?:v\d+)?$/.exec(id);
  if (!m) throw new Error(`arxivYear: '${id}' is not a new-style arXiv identifier (YYMM.NNNNN)`);
  const yy = Number(m[1]),
    mm = Number(m[2]);
  if (mm < 1 || mm > 12) throw new Error(`arxivYear: '${id}' has month ${mm}`);
  if (yy < 7 || (yy === 7 && mm < 4))
    throw new Error(`arxivYear: '${id}' predates new-style identifiers (April 2007)`);
  return 2000 + yy;
}

/**
 * Where the source documents are wrong, in the chapters on equations (01–05): what they say, what is
 * right, and the reference. The notebooks show each one; the README lists them.
 */
export interface Erratum {
  /** File and section heading of the document. */
  where: string;
  /** What the document says (paraphrased in English). */
  says: string;
  /** What is correct. */
  correct: string;
  /** Reference(s) for the correction. */
  reference: string;
}

export const documentErrata: Erratum[] = [
  {
    where: '000_c3a610c45ca18028.txt §3.5.1 深度学习的数学模型公式 (backpropagation formula)',
    says: 'δ_j^(l) = ∂E/∂a_j^(l) · ∂a_j^(l)/∂w_ij^(l) — the "error" of a unit defined as a derivative with respect to a weight',
    correct: 'δ^(l) = ∂E/∂z^(l) is the error signal of a layer, δ^(l) = (δ^(l+1) W^(l+1)ᵀ) ⊙ f′(z^(l)); the weight gradient is a different quantity, ∂E/∂W^(l) = a^(l−1)ᵀ δ^(l)',
    reference: 'Rumelhart, Hinton & Williams (1986), Learning representations by back-propagating errors, Nature 323',
  },
  {
    where: '000_c3a610c45ca18028.txt §3.5.2 递归神经网络的数学模型公式 (parameter update)',
    says: 'W = W + αΔW (and likewise U, b, W_y, b_y), with ΔW never defined',
    correct: 'gradient descent moves against the gradient: W ← W − α ∂J/∂W; the "+" form is right only if ΔW = −∂J/∂W',
    reference: 'the document\'s own §3.5.1 update θ ← θ − α∇J(θ)',
  },
  {
    where: '000_c3a610c45ca18028.txt §6.1 深度学习与递归神经网络的区别是什么？',
    says: 'RNNs are trained with "dynamic programming, the forward algorithm and similar methods"',
    correct: 'RNNs are trained by gradient descent with gradients from backpropagation through time (BPTT); the forward algorithm belongs to hidden Markov models',
    reference: 'Werbos (1990), Backpropagation through time: what it does and how to do it, Proc. IEEE 78(10)',
  },
  {
    where: '001_e4239c5915e321c6.txt §1.1 深度学习的发展历程',
    says: 'Dropout was proposed by Hinton et al. in 2006',
    correct: 'Dropout: Hinton et al. 2012 (arXiv:1207.0580) and Srivastava et al. 2014 (JMLR 15); 2006 is the year of Hinton\'s deep belief networks',
    reference: 'Srivastava, Hinton, Krizhevsky, Sutskever & Salakhutdinov (2014), Dropout, JMLR 15:1929–1958',
  },
  {
    where: '001_e4239c5915e321c6.txt §1.2 递归神经网络的发展历程',
    says: 'the GRU was proposed by Ian Goodfellow et al. in 2000',
    correct: 'the GRU was introduced by Cho et al. in 2014',
    reference: 'Cho et al. (2014), Learning phrase representations using RNN encoder–decoder for statistical machine translation, EMNLP',
  },
  {
    where: '001_e4239c5915e321c6.txt §1.2 递归神经网络的发展历程',
    says: 'the Transformer was proposed by Vaswani et al. in 2015 and "improved RNN performance"',
    correct: 'the Transformer is from 2017, and it replaces recurrence with self-attention rather than improving an RNN',
    reference: 'Vaswani et al. (2017), Attention is all you need, NeurIPS',
  },
  {
    where: '003_f5cb3aa67b402818.txt §1 背景介绍',
    says: 'LSTM was proposed by Schmidhuber in 2009',
    correct: 'LSTM was proposed by Hochreiter & Schmidhuber in 1997 (the forget gate was added by Gers, Schmidhuber & Cummins in 2000)',
    reference: 'Hochreiter & Schmidhuber (1997), Long short-term memory, Neural Computation 9(8)',
  },
  {
    where: '003_f5cb3aa67b402818.txt §1 背景介绍',
    says: 'Jordan proposed "recurrent neural networks" in 1986 under that name',
    correct: 'Jordan (1986) described a network whose outputs feed back as state; the simple recurrent network with hidden-state feedback that the equations here describe is Elman\'s (1990)',
    reference: 'Jordan (1986), Serial order, ICS report 8604; Elman (1990), Finding structure in time, Cognitive Science 14',
  },
  {
    where: '001_e4239c5915e321c6.txt §3.3 门控递归神经网络',
    says: 'h̃_t = tanh(W_hh (r_t ⊙ h_{t−1} + x_t) + b_h)',
    correct: 'the input and the reset state need separate weights, h̃_t = tanh(W_xh x_t + W_hh (r_t ⊙ h_{t−1}) + b_h); as printed the sum is defined only when the input and hidden sizes agree',
    reference: 'Cho et al. (2014); checked in notebook 05_gru',
  },
  {
    where: '004_8250845818d6b6eb.txt §4.1 循环神经网络的PyTorch实现',
    says: 'hidden = i2h(cat(input, hidden)) — the hidden update has no nonlinearity',
    correct: 'without a squashing function the recurrence is linear: h_t = W h_{t−1} + U x_t, whose powers of W make states blow up or die out; h_t = tanh(…) as in §3.1',
    reference: 'Elman (1990); checked in notebook 02_rnn_bptt',
  },
];

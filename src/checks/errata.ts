/**
 * Where the source documents are wrong, chapter by chapter: what they say, what is right, and the
 * reference. The notebooks show each one; docs/errata.md lists them with the notebook section of each. A machine-readable
 * list so a notebook can display it as a table (`checks.documentErrata`).
 */
export interface Erratum {
  /** File and section heading of the document. */
  where: string;
  /** The short form used in tables and check rows, e.g. `000 §3.5.1`. */
  section: string;
  /** What kind of mistake: a formula, a code listing, history (who/when), a citation, or an explanation. */
  kind: 'equation' | 'code' | 'history' | 'citation' | 'explanation';
  /** What the document says (paraphrased in English). */
  says: string;
  /** What is correct. */
  correct: string;
  /** Reference(s) for the correction. */
  reference: string;
  /** The notebook or `rnnlab checks` check that demonstrates it, where one does. */
  shownIn?: string;
}

export const documentErrata: Erratum[] = [
  {
    where: '000_c3a610c45ca18028.txt §3.5.1 深度学习的数学模型公式 (backpropagation formula)',
    section: '000 §3.5.1',
    kind: 'equation',
    says: 'δ_j^(l) = ∂E/∂a_j^(l) · ∂a_j^(l)/∂w_ij^(l) — the "error" of a unit defined as a derivative with respect to a weight',
    correct:
      'δ^(l) = ∂E/∂z^(l) is the error signal of a layer, δ^(l) = (δ^(l+1) W^(l+1)ᵀ) ⊙ f′(z^(l)); the weight gradient is a different quantity, ∂E/∂W^(l) = a^(l−1)ᵀ δ^(l)',
    reference:
      'Rumelhart, Hinton & Williams (1986), Learning representations by back-propagating errors, Nature 323',
    shownIn: '01_mlp; mlp/grad-*-vs-finite-differences',
  },
  {
    where: '000_c3a610c45ca18028.txt §3.5.1 深度学习的数学模型公式 (forward formula and update)',
    section: '000 §3.5.1',
    kind: 'equation',
    says: 'a_i^(l) = f(Σ_{j=1}^{n_l} w_ij^(l) a_j^(l−1) + b_i^(l)); θ^(l+1) = θ^(l) − α∇_{θ^(l)} J(θ), with (l) defined as the layer',
    correct:
      'j runs over the n_{l−1} units of the previous layer (Σ_{j=1}^{n_{l−1}}); in the update the superscript counts iterations, not layers: θ_{k+1} = θ_k − α∇J(θ_k), applied to every layer at once',
    reference: 'Goodfellow, Bengio & Courville (2016), Deep Learning, §6.5 and §8.3.1',
    shownIn: '01_mlp',
  },
  {
    where: '000_c3a610c45ca18028.txt §3.5.2 递归神经网络的数学模型公式 (parameter update)',
    section: '000 §3.5.2',
    kind: 'equation',
    says: 'W = W + αΔW (and likewise U, b, W_y, b_y), with ΔW never defined',
    correct:
      'gradient descent moves against the gradient: W ← W − α ∂J/∂W; the "+" form is right only if ΔW = −∂J/∂W',
    reference: "the document's own §3.5.1 update θ ← θ − α∇J(θ)",
    shownIn: '01_mlp (both signs plotted)',
  },
  {
    where: '000_c3a610c45ca18028.txt §4.1 深度学习的具体代码实例',
    section: '000 §4.1',
    kind: 'code',
    says: 'Dense(64, relu, input_dim=1000) → Dense(32, relu) → Dense(10, softmax), fitted on x_train, y_train that are never defined',
    correct:
      "the model runs only on data whose width matches input_dim, with one-hot labels for categorical cross-entropy; give it the real data's width",
    reference: 'Keras Sequential API documentation; tfjs `tf.layers.dense`',
    shownIn: "01_mlp (tfjs's shape error, then trained on optdigits)",
  },
  {
    where: '000_c3a610c45ca18028.txt §6.1 深度学习与递归神经网络的区别是什么？',
    section: '000 §6.1',
    kind: 'explanation',
    says: 'RNNs are trained with "dynamic programming, the forward algorithm and similar methods"',
    correct:
      'RNNs are trained by gradient descent with gradients from backpropagation through time (BPTT); the forward algorithm belongs to hidden Markov models',
    reference:
      'Werbos (1990), Backpropagation through time: what it does and how to do it, Proc. IEEE 78(10)',
    shownIn: '02_rnn_bptt; rnn/grad-*-vs-finite-differences',
  },
  {
    where: '000_c3a610c45ca18028.txt §7 参考文献',
    section: '000 §7',
    kind: 'citation',
    says: 'Graves, P. (2013) in NeurIPS; Mikolov, Chen, Corrado & Dean (2010), "Recurrent neural network based machine translation system"; Bahdanau et al. (2015), "…jointly conditioning on both input and output languages", EMNLP; Kingma & Ba, Adam, in NeurIPS; Chung et al. (2014) in ICML; "Show and tell" by Xu et al.',
    correct:
      'Graves, A. (2013), Generating sequences with recurrent neural networks, arXiv:1308.0850; Mikolov, Karafiát, Burget, Černocký & Khudanpur (2010), Recurrent neural network based language model, Interspeech; Bahdanau, Cho & Bengio (2015), Neural machine translation by jointly learning to align and translate, ICLR; Kingma & Ba (2015), Adam, ICLR; Chung et al. (2014), NeurIPS Deep Learning workshop (arXiv:1412.3555); "Show and tell" is Vinyals, Toshev, Bengio & Erhan (CVPR 2015), "Show, attend and tell" is Xu et al. (ICML 2015)',
    reference: 'the papers themselves (arXiv identifiers above)',
    shownIn: '09_translation, 08_attention',
  },
  {
    where: '001_e4239c5915e321c6.txt §1.1 深度学习的发展历程',
    section: '001 §1.1',
    kind: 'history',
    says: 'Dropout was proposed by Hinton et al. in 2006',
    correct:
      "Dropout: Hinton et al. 2012 (arXiv:1207.0580) and Srivastava et al. 2014 (JMLR 15); 2006 is the year of Hinton's deep belief networks",
    reference: 'Srivastava, Hinton, Krizhevsky, Sutskever & Salakhutdinov (2014), Dropout, JMLR 15:1929–1958',
    shownIn: '00_getting_started (checks.documentDates)',
  },
  {
    where: '001_e4239c5915e321c6.txt §1.1 深度学习的发展历程',
    section: '001 §1.1',
    kind: 'history',
    says: "in 2017 OpenAI's GPT model used the Transformer architecture",
    correct:
      "the Transformer was published by Vaswani et al. (Google) in 2017; OpenAI's first GPT came in 2018",
    reference:
      'Radford, Narasimhan, Salimans & Sutskever (2018), Improving language understanding by generative pre-training, OpenAI report',
    shownIn: '00_getting_started (checks.documentDates)',
  },
  {
    where: '001_e4239c5915e321c6.txt §1.2 递归神经网络的发展历程',
    section: '001 §1.2',
    kind: 'history',
    says: 'the GRU was proposed by Ian Goodfellow et al. in 2000',
    correct: 'the GRU was introduced by Cho et al. in 2014',
    reference:
      'Cho et al. (2014), Learning phrase representations using RNN encoder–decoder for statistical machine translation, EMNLP',
    shownIn: '00_getting_started (checks.documentDates), 05_gru',
  },
  {
    where: '001_e4239c5915e321c6.txt §1.2 递归神经网络的发展历程',
    section: '001 §1.2',
    kind: 'history',
    says: 'the Transformer was proposed by Vaswani et al. in 2015 and "improved RNN performance"',
    correct:
      'the Transformer is from 2017, and it replaces recurrence with self-attention rather than improving an RNN',
    reference: 'Vaswani et al. (2017), Attention is all you need, NeurIPS',
    shownIn: '00_getting_started (checks.documentDates), 08_attention',
  },
  {
    where: '001_e4239c5915e321c6.txt §3.3 门控递归神经网络',
    section: '001 §3.3',
    kind: 'equation',
    says: 'h̃_t = tanh(W_hh (r_t ⊙ h_{t−1} + x_t) + b_h)',
    correct:
      "the input and the reset state need separate weights, h̃_t = tanh(W_xh x_t + W_hh (r_t ⊙ h_{t−1}) + b_h); as printed the sum is defined only when the input and hidden sizes agree (and then ties W_xh to W_hh). Its update (1 − z_t) h_{t−1} + z_t h̃_t is a valid convention, the mirror of tfjs's z_t h_{t−1} + (1 − z_t) h̃_t (negate the update gate's weights to convert)",
    reference: 'Cho et al. (2014); Chung, Gulcehre, Cho & Bengio (2014), arXiv:1412.3555',
    shownIn: '05_gru; gru/document-form-equals-standard-with-z-flipped, gru/update-gate-z-vs-1-minus-z',
  },
  {
    where: '001_e4239c5915e321c6.txt §6 附录常见问题与解答',
    section: '001 §6',
    kind: 'explanation',
    says: 'gated RNNs (LSTM, GRU) "solve" the vanishing-gradient problem of RNNs',
    correct:
      'they mitigate it: the additive cell (or gated state) path carries gradients over longer lags when the forget gate is near 1, but gradients still decay over long lags and can still explode, so clipping is still used',
    reference:
      'Hochreiter & Schmidhuber (1997); Pascanu, Mikolov & Bengio (2013), On the difficulty of training recurrent neural networks, ICML',
    shownIn: '03_gradients',
  },
  {
    where: '002_262e702435ba055c.txt §1.6 问题2：LSTM和GRU有什么区别？',
    section: '002 §1.6',
    kind: 'explanation',
    says: "the GRU merges the LSTM's input and output gates",
    correct:
      "the GRU's update gate does the work of the LSTM's input and forget gates together (one gate z keeps the old state, 1 − z admits the candidate); it has no output gate and no separate cell, and adds a reset gate",
    reference:
      'Cho et al. (2014); Chung et al. (2014); Greff et al. (2017), LSTM: a search space odyssey, IEEE TNNLS 28(10)',
    shownIn: '05_gru; gru/update-gate-is-coupled-input-and-forget',
  },
  {
    where: '003_f5cb3aa67b402818.txt §1 背景介绍',
    section: '003 §1',
    kind: 'history',
    says: 'LSTM was proposed by Schmidhuber in 2009',
    correct:
      'LSTM was proposed by Hochreiter & Schmidhuber in 1997 (the forget gate was added by Gers, Schmidhuber & Cummins in 2000)',
    reference: 'Hochreiter & Schmidhuber (1997), Long short-term memory, Neural Computation 9(8)',
    shownIn: '00_getting_started (checks.documentDates)',
  },
  {
    where: '003_f5cb3aa67b402818.txt §1 背景介绍',
    section: '003 §1',
    kind: 'history',
    says: 'a researcher named Jordan proposed "regression neural networks (Recurrent Neural Networks)" in 1986',
    correct:
      "the year is right for Jordan's network, but it feeds the network's outputs back as state; the hidden-state recurrence h_t = tanh(W_hh h_{t−1} + W_xh x_t + b) of these documents is Elman's simple recurrent network (1990). Recurrent networks as such are older (Hopfield 1982), Rumelhart, Hinton & Williams (1986) already trained them by unfolding in time, and 回归 (\"regression\") is a mistranslation of recurrent (循环/递归)",
    reference:
      'Jordan (1986), Serial order: a parallel distributed processing approach, ICS report 8604, UC San Diego; Elman (1990), Finding structure in time, Cognitive Science 14(2)',
    shownIn: '00_getting_started (checks.documentDates)',
  },
  {
    where: '003_f5cb3aa67b402818.txt §3.1 循环神经网络（RNN）',
    section: '003 §3.1',
    kind: 'explanation',
    says: 'the (plain) RNN controls the passing and updating of information through gating mechanisms',
    correct: "the plain RNN of §3.1's equations has no gates; gates are what the LSTM and GRU add",
    reference: 'Elman (1990); Hochreiter & Schmidhuber (1997)',
    shownIn: '02_rnn_bptt',
  },
  {
    where: '003_f5cb3aa67b402818.txt §3.2 长短期记忆网络（LSTM） (variable list)',
    section: '003 §3.2',
    kind: 'explanation',
    says: 'g_t is "the input of the input layer at time t", C_t "the state of the hidden layer", h_t "the output of the output layer"',
    correct:
      'g_t (C̃_t) is the candidate cell value, C_t the cell state, h_t the hidden state (which is also what the layer outputs); the equations themselves are right',
    reference: 'Hochreiter & Schmidhuber (1997); Gers, Schmidhuber & Cummins (2000)',
    shownIn: '04_lstm; lstm/forward-closed-form',
  },
  {
    where: '004_8250845818d6b6eb.txt §3.2 循环神经网络的Backward Propagation, §3.4',
    section: '004 §3.2, §3.4',
    kind: 'explanation',
    says: '∂E/∂θ = Σ_t ∂E_t/∂θ with E_t = ½(y_t − y_t*)², as the whole of backpropagation (for the RNN and, unchanged, for the LSTM)',
    correct:
      'right but incomplete: each ∂E_t/∂θ is itself a sum over the earlier steps k ≤ t, through ∂h_t/∂h_k = Π_{j=k+1}^{t} ∂h_j/∂h_{j−1}; computing that product backwards is BPTT, and its repeated factors are why gradients vanish or explode. The LSTM of §3.3 also has no output y_t, so E_t must be defined on h_t or on a layer on top',
    reference:
      'Werbos (1990); Bengio, Simard & Frasconi (1994), Learning long-term dependencies with gradient descent is difficult, IEEE TNN 5(2)',
    shownIn: '02_rnn_bptt, 03_gradients; rnn/truncated-bptt-*',
  },
  {
    where: '004_8250845818d6b6eb.txt §3.3 长短记忆网络的Forward Propagation',
    section: '004 §3.3',
    kind: 'explanation',
    says: 'in an LSTM "the hidden state at each time step consists of three parts: the input gate, the forget gate and the output gate"',
    correct:
      "the LSTM's state is the pair (h_t, c_t); the gates are computed afresh at every step from x_t and h_{t−1} and are not part of the state",
    reference: 'Hochreiter & Schmidhuber (1997)',
    shownIn: '04_lstm; lstm/state-is-h-and-c-not-the-gates',
  },
  {
    where: '004_8250845818d6b6eb.txt §4.1 循环神经网络的PyTorch实现',
    section: '004 §4.1',
    kind: 'code',
    says: 'hidden = i2h(cat(input, hidden)) — the hidden update has no nonlinearity',
    correct:
      'without a squashing function the recurrence is linear: h_t = W h_{t−1} + U x_t, whose powers of W make states blow up or die out; h_t = tanh(…) as in §3.1',
    reference: 'Elman (1990); checked in notebook 02_rnn_bptt',
    shownIn: '02_rnn_bptt',
  },
  {
    where: '002_262e702435ba055c.txt §1.4 具体代码实例和详细解释说明',
    section: '002 §1.4',
    kind: 'code',
    says: 'announces "a simple English-to-Chinese machine translation example", then builds Embedding → LSTM(return_sequences) → Dense(softmax) over one sequence',
    correct:
      'that model is a language model over a single sequence: it never reads a source sentence, so its output cannot depend on one; translation needs an encoder for the source and a decoder conditioned on it (Sutskever et al. 2014; Cho et al. 2014)',
    reference: 'Sutskever, Vinyals & Le (2014), Sequence to sequence learning with neural networks, NeurIPS',
    shownIn: '06_language_model, 09_translation',
  },
  {
    where: '002_262e702435ba055c.txt §1.4.4 生成序列',
    section: '002 §1.4.4',
    kind: 'code',
    says: "generate_sequence pads the seed after the text (padding='post') and takes np.argmax(predicted) over the whole [1, max_length, vocab] output",
    correct:
      'the flat argmax is step·vocab + word, a word id only when the maximum falls at step 0, and with post-padding most rows are predictions made after reading padding; read the row of the last real word (len − 1) and sample from it',
    reference: 'NumPy `argmax` (flattens without `axis`); Keras `pad_sequences`',
    shownIn: '06_language_model; test/lm/keras.test.ts',
  },
  {
    where: '003_f5cb3aa67b402818.txt §1 背景介绍',
    section: '003 §1',
    kind: 'history',
    says: 'attention was proposed by "a researcher named Bahdanau" in 2015',
    correct:
      'Bahdanau, Cho & Bengio, three authors, arXiv 1409.0473 (September 2014), published at ICLR 2015; Graves (2013) had already used soft attention for handwriting',
    reference:
      'Bahdanau, Cho & Bengio (2015), Neural machine translation by jointly learning to align and translate, ICLR',
    shownIn: '08_attention',
  },
  {
    where: '003_f5cb3aa67b402818.txt §3.3 注意力机制（Attention Mechanism）',
    section: '003 §3.3',
    kind: 'equation',
    says: 'e_ij = α(s_iᵀ·v_j); α_i = exp(e_ij) / Σ_{j=1}^N exp(e_ij); a_i = Σ_j α_ij v_j — α names both the score function and the weights, the weight drops its index j, and the score reads the value v_j',
    correct:
      'e_ij = score(s_i, k_j) (additive: w_vᵀ tanh(W_q s_i + W_k k_j); dot: s_iᵀk_j, scaled by 1/√d), α_ij = exp(e_ij) / Σ_{k=1}^{N_i} exp(e_ik) over the keys of query i only, with N_i the real (unpadded) length, and a_i = Σ_j α_ij v_j',
    reference:
      'Bahdanau, Cho & Bengio (2015); Luong, Pham & Manning (2015), Effective approaches to attention-based NMT, EMNLP; Vaswani et al. (2017)',
    shownIn: '08_attention; attention/* checks',
  },
  {
    where: '003_f5cb3aa67b402818.txt §4.1.3 注意力机制实现',
    section: '003 §4.1.3',
    kind: 'code',
    says: 'model.add(Attention()) inside a Sequential model',
    correct:
      "Keras's Attention layer takes a list [query, value] (two inputs), which a Sequential model cannot supply; attention needs the functional API, or a decoder that calls it with its own state as the query",
    reference: 'Keras documentation, `tf.keras.layers.Attention`',
    shownIn:
      "08_attention; 10_summarization (built with a layer of Keras's contract: it fails in Sequential, works on [query, value])",
  },
  {
    where: '003_f5cb3aa67b402818.txt §4.1.1 RNN实现',
    section: '003 §4.1.1',
    kind: 'code',
    says: 'an "RNN implementation" of text summarisation, followed in §4.1.2 by the "LSTM implementation" that differs by "replacing the RNN layer with an LSTM layer"',
    correct:
      'the two listings are the same code line for line: 4.1.1 already uses LSTM(units=hidden_units, return_sequences=True) and has no SimpleRNN; an RNN version would use SimpleRNN in its place',
    reference: 'Keras documentation, `tf.keras.layers.SimpleRNN` and `tf.keras.layers.LSTM`',
    shownIn: '10_summarization',
  },
  {
    where: '003_f5cb3aa67b402818.txt §4.1 文本摘要生成',
    section: '003 §4.1',
    kind: 'code',
    says: 'Embedding → LSTM(return_sequences=True) → Dense(softmax) as a summariser that "summarises a long text into a short one"',
    correct:
      'the model emits one token per INPUT position (output [batch, max_length, decoding_units]), so its "summary" has the text\'s length and token t sees only the first t input tokens: a tagger. A summariser needs an encoder–decoder that generates its own number of tokens (Rush, Chopra & Weston 2015; See, Liu & Manning 2017)',
    reference:
      'Rush, Chopra & Weston (2015), A neural attention model for abstractive sentence summarization, EMNLP; See, Liu & Manning (2017), Get to the point, ACL',
    shownIn: '10_summarization (trained on aligned synopsis targets and scored with ROUGE against lead-k)',
  },
  {
    where: '003_f5cb3aa67b402818.txt §4.1 文本摘要生成',
    section: '003 §4.1',
    kind: 'code',
    says: 'summary = model.predict(input_text) with input_text = "This is a long document that needs to be summarized."',
    correct:
      'a Keras/tfjs model takes a numeric tensor of token ids [batch, max_length], not a string: tokenize with the tokenizer fitted on the training texts, map to ids, pad to max_length, predict, then turn the argmax ids back into words',
    reference: 'Keras documentation, `Model.predict`; tfjs `LayersModel.predict`',
    shownIn: '10_summarization (the error, then the pipeline)',
  },
  {
    where: '004_8250845818d6b6eb.txt §4.2 长短记忆网络的PyTorch实现',
    section: '004 §4.2',
    kind: 'code',
    says: 'an LSTM class "to translate English sentences": fc(lstm_out[:, -1, :]) then LogSoftmax(dim=1)',
    correct:
      "the last step's output through one linear layer gives one distribution per sentence: the class predicts a single token, not a sentence; translation needs a decoder that emits one token per step conditioned on the source (encoder–decoder)",
    reference: 'Sutskever, Vinyals & Le (2014); Cho et al. (2014)',
    shownIn: '09_translation',
  },
  {
    where: '004_8250845818d6b6eb.txt §5.3 股票价格预测',
    section: '004 §5.3',
    kind: 'explanation',
    says: 'recurrent networks can build stock-price prediction systems that predict future prices from historical data, a technique "widely used in finance"',
    correct:
      "a predicted price that hugs the real one is the random walk's forecast (yesterday's price) plus a small correction, so that picture shows nothing; scored on log returns against the random walk, an LSTM shows no edge on WTI daily (direction indistinguishable from a coin, Diebold–Mariano p ≈ 0.5), and its significant squared-error gain on the S&P 500 monthly series comes with a direction no better than always saying \"up\" and is matched by a linear AR — the drift and the autocorrelation that Shiller's monthly averaging puts into returns, not a tradable forecast. Public price history carries no reliable edge (efficient-market hypothesis); recurrent forecasters do beat strong baselines on series with structure, such as daily births",
    reference:
      'Fama (1970), Efficient capital markets, J. Finance 25(2); Working (1960), Note on the correlation of first differences of averages in a random chain, Econometrica 28(4); Diebold & Mariano (1995), J. Business & Economic Statistics 13(3); Hyndman & Koehler (2006), Int. J. Forecasting 22(4)',
    shownIn: '11_time_series; rnnlab forecast (docs/forecasting.md)',
  },
];

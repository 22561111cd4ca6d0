// The Korean catalog, loaded only in Korean (i18n.ts imports it on demand). Keys are the page's English
// (en.ts lists them, so a key missing here fails the typecheck); {0}, {1} stand for the values filled in.
// To add a string: its English in en.ts, its Korean here.

import type { EN, EN_HTML } from './en';

type Key = (typeof EN)[number];
type HtmlKey = (typeof EN_HTML)[number];

export const ko: Readonly<Record<Key, string>> = {
  // index.html
  'Train a tiny character-level RNN, GRU or LSTM in your browser and watch it learn subject-verb agreement.':
    '브라우저에서 작은 글자 단위 RNN, GRU, LSTM을 훈련하며 주어-동사 수 일치를 배우는 과정을 지켜보세요.',
  'Recurrent nets, live': '순환 신경망, 실시간으로',
  Language: '언어',
  'Training controls': '훈련 조작',
  Train: '훈련',
  Pause: '일시 정지',
  Step: '스텝',
  Reset: '초기화',
  'Copy link': '링크 복사',
  Compare: '비교',
  'Trains RNN, GRU and LSTM side by side with the same settings.': 'RNN, GRU, LSTM을 같은 설정으로 나란히 훈련합니다.',
  Loss: '손실',
  'bits/char': '비트/글자',
  Speed: '속도',
  'chars/s': '글자/초',
  Workers: '워커',
  'Running step': '실행 중인 스텝',
  Lessons: '레슨',
  'Ask the model': '모델에게 묻기',
  Prompt: '프롬프트',
  'Each word of the prompt with the tag the model gives it': '프롬프트의 각 단어와 모델이 붙인 태그',
  'Each prompt character tinted by how much it pushes the model toward the first word of the first pair':
    '프롬프트의 각 글자를 모델을 첫 쌍의 첫 단어 쪽으로 미는 정도에 따라 색칠한 띠',
  'Each prompt character tinted by how open each gate is after reading it': '프롬프트의 각 글자를 읽은 뒤 각 게이트가 열린 정도에 따라 색칠한 띠',
  'Alternative pairs': '대안 단어 쌍',
  'Which word the model expects next, for each pair (like is/are,was/were).':
    '각 쌍(예: is/are,was/were)에서 모델이 다음에 올 것으로 보는 단어.',
  'Next character': '다음 글자',
  'Sampled continuation': '샘플링한 이어 쓰기',
  Temperature: '온도',
  Sample: '샘플링',
  'Training curves': '훈련 곡선',
  Lesson: '레슨',
  'Steps of the lesson': '레슨의 단계',
  'Progress toward the mark': '목표까지의 진행',
  'Show the chart': '차트 보기',
  'Close the lesson': '레슨 닫기',
  'Chart of the loss of RNN, GRU and LSTM by characters trained': '훈련한 글자 수에 따른 RNN, GRU, LSTM의 손실 차트',
  'Loss against': '손실의 가로축',
  'characters trained': '훈련한 글자 수',
  seconds: '초',
  'Chart of training and validation loss by step': '스텝별 훈련 손실과 검증 손실 차트',
  'Chart of the gradient norm by step': '스텝별 기울기 노름 차트',
  "Chart of each layer's gradient norm by step": '스텝별 각 층의 기울기 노름 차트',
  'Chart of agreement accuracy by number of attractors': '유인 명사 개수별 수 일치 정확도 차트',
  'Heatmap of how much gradient reaches each distance back in time, through training': '훈련하는 동안 기울기가 시간을 거슬러 각 거리까지 얼마나 전달되는지 보여 주는 히트맵',
  'Chart of the spectral radius of each recurrent weight block by step': '스텝별 각 순환 가중치 블록의 스펙트럼 반지름 차트',
  Experiment: '실험',
  'Changing a setting starts training over.': '설정을 바꾸면 훈련을 처음부터 다시 시작합니다.',
  Corpus: '코퍼스',
  'Agreement grammar': '수 일치 문법',
  'Long-range memory': '장거리 기억',
  'Sentiment tagging': '감성 태깅',
  'Your own text': '직접 넣은 텍스트',
  'Your text': '텍스트',
  'Text file': '텍스트 파일',
  'No file chosen': '선택한 파일 없음',
  'Hangul as letters (jamo)': '한글을 자모로 읽기',
  'Reads each Korean syllable as its two or three letters, so far fewer symbols cover a text.':
    '한글 음절을 두세 개의 자모로 나누어 읽으므로, 훨씬 적은 기호로 텍스트를 나타낼 수 있습니다.',
  Model: '모델',
  Cell: '셀',
  'Hidden size': '은닉 크기',
  Layers: '층 수',
  Connections: '층 연결',
  None: '없음',
  "Residual (add the layer's input)": '잔차 (층의 입력을 더함)',
  'Dense (read every lower layer)': '밀집 (아래 모든 층을 읽음)',
  Bidirectional: '양방향',
  'Embedding size': '임베딩 크기',
  '0 feeds one-hot characters.': '0이면 원-핫 글자를 입력합니다.',
  'Recurrent init scale': '순환 초기화 배율',
  Training: '훈련',
  Optimizer: '옵티마이저',
  'SGD with momentum': '모멘텀 SGD',
  'Learning rate': '학습률',
  Batch: '배치',
  'BPTT length': 'BPTT 길이',
  Shards: '샤드',
  Clipping: '클리핑',
  Norm: '노름',
  Value: '값',
  'Clip threshold': '클리핑 임계값',
  Seed: '시드',
  'Download model': '모델 다운로드',
  "Weights as safetensors, with PyTorch's parameter names; the settings ride along, and so does your own text if you trained on one.":
    '가중치를 PyTorch의 파라미터 이름으로 safetensors에 담습니다. 설정도 함께 담기고, 직접 넣은 텍스트로 훈련했다면 그 텍스트도 담깁니다.',
  'Open model': '모델 열기',
};

/** Whole pieces of index.html with markup inside (their `data-i18n` names): element ids inside are kept. */
export const koHtml: Readonly<Record<HtmlKey, string>> = {
  intro:
    '글자 단위 언어 모델이 브라우저에서 훈련됩니다. <q>The writer of the books</q> 다음에 무엇이 올지 물어보세요. 바로 앞에 온 것만 배운 모델은 (<em>books</em> 뒤이므로) <em>are</em>라고 하고, 문장의 구조를 배운 모델은 (<em>writer</em>에 맞춰) <em>is</em>라고 합니다.',
  retraining: '링크를 <span id="retrain-target"></span> 스텝까지 다시 훈련하는 중',
  'tags-caption':
    '<strong>태그</strong>는 프롬프트 전체를 보고 붙입니다. 초록색은 모델이 긍정으로, 주황색은 부정으로 읽은 단어이고, 회색은 확신이 없는 단어입니다. <q>the movie was terribly exciting.</q>을 넣어 보세요. 긍정임을 말해 주는 것은 <em>terribly</em> 다음 단어뿐이므로, 왼쪽에서 오른쪽으로만 읽는 모델은 알 수 없습니다.',
  'tagging-note':
    '이 모델은 단어에 감성 태그를 붙일 뿐 다음 글자를 예측하지 않으므로, is/are 막대, 다음 글자, 샘플, 현저성, 그리고 언어 모델을 읽는 수 일치 차트와 기울기 흐름 차트는 표시하지 않습니다.',
  'dense-note': '현저성과 기울기 흐름 차트는 밀집 연결 스택에서는 계산하지 않습니다. 일반 스택과 잔차 스택에서만 기울기를 따라갑니다.',
  'saliency-caption':
    '<strong>현저성:</strong> 초록색 글자는 <em id="saliency-first">is</em> 쪽으로, 주황색 글자는 <em id="saliency-second">are</em> 쪽으로 모델을 밉니다. 막대가 읽는 방식(두 단어가 처음 달라지는 곳)과 같습니다<span id="saliency-agreement">. 구문을 배운 모델은 마지막 명사가 아니라 주어(<q>writer</q>)에 기댑니다</span>.',
  'gates-caption':
    '<strong>게이트</strong>(진할수록 많이 열림): 주어에서 동사까지 열려 있는 망각 게이트(LSTM)나 업데이트 게이트(GRU)는 셀이 주어의 수를 간직하고 있다는 뜻입니다.',
  'answers-from': '<output id="answers-step" aria-label="답한 가중치의 스텝">–</output> 스텝의 가중치로 답합니다.',
  'compare-caption':
    '<strong>RNN, GRU, LSTM 나란히 비교</strong>, 같은 설정으로: 어느 손실이 가장 낮게 떨어지는지, 어느 셀의 P(is)가 먼저 유인 명사를 벗어나는지 지켜보세요.',
  'loss-caption':
    '<strong>손실, 글자당 비트.</strong> 두 곡선 모두 내려가야 합니다. 훈련 손실이 갑자기 치솟으면 기울기가 폭발한 것이니 노름 클리핑을 써 보세요.',
  'gradient-caption':
    '<strong>기울기 노름</strong>: 노름 클리핑 임계값은 점선, 클리핑된 스텝은 점, 거부된 업데이트(가중치를 망가뜨렸을 업데이트)는 동그라미로 표시합니다. 계속 커지는 노름은 폭발하는 것이고, 0을 향해 가라앉는 노름은 장거리 의존성을 배우지 못하게 합니다.',
  'layer-caption':
    '<strong>층별 기울기 노름</strong>(각 층의 순환 가중치, 맨 아래 층부터). 스킵 연결이 없으면 맨 아래 층의 기울기가 맨 위 층보다 훨씬 작아 거의 배우지 못합니다. 잔차 연결이나 밀집 연결은 그 기울기를 다른 층 수준으로 되돌립니다.',
  'agreement-caption':
    '<strong>유인 명사 개수별 수 일치 정확도</strong>(유인 명사: 주어와 동사 사이에 있는, 수가 다른 명사). 가까운 것만 배운 모델은 유인 명사가 늘수록 50% 우연 선 아래로 떨어지고, 구문을 배운 모델은 높게 유지됩니다.',
  'flow-caption':
    '<strong>기울기 흐름</strong>(첫 층, 고정된 검증용 텍스트): 위쪽까지 밝은 칸은 손실이 그만큼 이전의 상태까지 여전히 닿는다는 뜻이고, 몇 스텝 만에 어두워지는 열은 기울기 소실입니다.',
  'spectra-caption':
    '<strong>W<sub>hh</sub>의 스펙트럼 반지름</strong>, 게이트 블록마다 선 하나: 1의 점선보다 위이면 반복된 곱셈이 상태(와 그 기울기)를 폭발시킬 수 있고, 그보다 한참 아래이면 사라집니다.',
  'scale-hint': 'W<sub>hh</sub>의 스펙트럼 반지름(0.1~3), 또는 PyTorch 기본값이면 <kbd>none</kbd>.',
  'shards-hint':
    '배치를 여러 부분으로 나누어 각 부분의 기울기를 따로 계산한 뒤 순서대로 더합니다. 그래서 여러 워커(여기서는 <span id="workers-used">하나</span>)가 한 스텝을 나눠 맡아도, 워커 수와 상관없이 같은 훈련이 됩니다(배치의 스트림 하나당 최대 하나). 워커보다 샤드가 많아도 빨라지지 않으며, 샤드 수가 다르면 다른 훈련이 되어 반올림 오차 범위에서만 같습니다.',
  'open-model-hint': '모델 다운로드나 <code>rnn train --out</code>으로 만든 파일: 그 설정과 가중치로 지금 것을 바꿉니다.',
};

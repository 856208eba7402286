/**
 * Hand-labelled question pairs (English and Korean) in the style of a support desk: paraphrases labelled duplicate,
 * and near misses (same words, different subject or version) labelled not. Written for the tests, not tuned to pass:
 * the tests allow the error rate the eval reports, and the misses are kept as they are.
 */
export type LabelledQuestionPair = { left: string; right: string; duplicate: boolean; lang: 'en' | 'ko' };

const en = (left: string, right: string, duplicate: boolean): LabelledQuestionPair => ({ left, right, duplicate, lang: 'en' });
const ko = (left: string, right: string, duplicate: boolean): LabelledQuestionPair => ({ left, right, duplicate, lang: 'ko' });

export const PARAPHRASE_PAIRS: readonly LabelledQuestionPair[] = [
  en('How do I reset my password?', 'How can I reset my password?', true),
  en('How do I change my email address?', 'How can I change the email address on my account?', true),
  en('What is the refund policy?', "What's your refund policy?", true),
  en('Can I cancel my subscription at any time?', 'Is it possible to cancel my subscription at any time?', true),
  en('How do I delete my account?', 'How to delete my account', true),
  en('Why is my payment declined?', 'Why was my payment declined?', true),
  en('How long does shipping take?', 'How long does shipping usually take?', true),
  en('Do you ship to Canada?', 'Do you offer shipping to Canada?', true),
  en('How do I export my data to CSV?', 'How can I export my data as a CSV file?', true),
  en('Where can I download my invoice?', 'Where do I download my invoices?', true),
  en('How do I enable two-factor authentication?', 'How to turn on two-factor authentication?', true),
  en('Is there a student discount?', 'Do you have a discount for students?', true),
  en('How do I reset my password?', 'How do I reset my router?', false),
  en('How do I install Python 3 on Windows?', 'How do I install Python 2 on Windows?', false),
  en('Do you ship to Canada?', 'Do you ship to Mexico?', false),
  en('How do I delete my account?', 'How do I create an account?', false),
  en('What is the refund policy?', 'What is the privacy policy?', false),
  en('How long does shipping take?', 'How much does shipping cost?', false),
  en('Can I pay with PayPal?', 'Can I get a refund to my PayPal account?', false),
  en('How do I add a user to my team?', 'How do I remove a user from my team?', false),
  ko('비밀번호를 재설정하려면 어떻게 해야 하나요?', '비밀번호 재설정은 어떻게 하나요?', true),
  ko('환불 정책이 어떻게 되나요?', '환불 정책은 무엇인가요?', true),
  ko('배송은 얼마나 걸리나요?', '배송 기간은 얼마나 걸리나요?', true),
  ko('계정을 삭제하려면 어떻게 하나요?', '계정 삭제는 어떻게 하나요?', true),
  ko('구독을 언제든지 취소할 수 있나요?', '구독은 언제든 취소할 수 있나요?', true),
  ko('해외 배송이 가능한가요?', '해외로도 배송해 주나요?', true),
  ko('이메일 주소를 변경하고 싶어요', '이메일 주소를 바꾸려면 어떻게 하나요?', true),
  ko('비밀번호를 재설정하려면 어떻게 하나요?', '계정을 삭제하려면 어떻게 하나요?', false),
  ko('배송은 얼마나 걸리나요?', '배송비는 얼마인가요?', false),
  ko('환불 정책이 어떻게 되나요?', '개인정보 처리방침이 어떻게 되나요?', false),
  ko('아이폰에서 앱을 설치하는 방법', '안드로이드에서 앱을 설치하는 방법', false),
  ko('결제가 거절된 이유가 뭔가요?', '결제 영수증은 어디서 받나요?', false),
];

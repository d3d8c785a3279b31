/**
 * The standard checklist of 点検項目, by section of the 全項目評価書 (the headings of the 評価書 form:
 * I 基本情報, II 特定個人情報ファイルの概要, III リスク対策, IV その他のリスク対策). Copied into each review
 * when the secretariat starts it; the review then keeps its own copy.
 */
export const STANDARD_CHECKLIST: ReadonlyArray<{ section: string; items: readonly string[] }> = [
  {
    section: '基本情報',
    items: [
      '事務の内容と特定個人情報ファイルを取り扱う理由が具体的に記載されているか',
      '使用するシステムと他のシステムとの接続が記載されているか',
    ],
  },
  {
    section: '特定個人情報ファイルの概要',
    items: [
      '対象人数・記録される項目が事務の目的に照らして必要な範囲に限られているか',
      '入手元・入手方法・使用目的・委託・提供先が漏れなく記載されているか',
    ],
  },
  {
    section: 'リスク対策（入手）',
    items: ['目的外の入手や不正確な情報の入手を防ぐ措置が講じられているか'],
  },
  {
    section: 'リスク対策（使用）',
    items: ['アクセス権限の管理と操作記録（ログ）の確認の方法が定められているか'],
  },
  {
    section: 'リスク対策（委託）',
    items: ['委託先の選定基準・契約上の安全管理措置・再委託の管理が定められているか'],
  },
  {
    section: 'リスク対策（提供・移転）',
    items: ['提供・移転の記録と、法令に基づかない提供を防ぐ措置が定められているか'],
  },
  {
    section: 'リスク対策（保管・消去）',
    items: ['保管場所の物理的・技術的対策と、保存期間経過後の消去の方法が定められているか'],
  },
  { section: '監査', items: ['自己点検・監査の実施方法と頻度が定められているか'] },
  {
    section: '従業者に対する教育・啓発',
    items: ['取扱者への研修の内容・頻度と、違反時の措置が定められているか'],
  },
  { section: 'その他', items: ['住民等からの意見への対応が評価書に反映されているか'] },
];

export function standardChecklistRows(): { position: number; section: string; label: string }[] {
  let position = 0;
  return STANDARD_CHECKLIST.flatMap((s) =>
    s.items.map((label) => ({ position: ++position, section: s.section, label })),
  );
}

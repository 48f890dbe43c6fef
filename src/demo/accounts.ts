import type { Principal } from '../auth/roles.js';

/**
 * Demo organisations and one account per role. The password is printed at start-up and in the
 * README; it is for the local demo only (a real deployment creates its own users).
 */
export const DEMO_PASSWORD = 'kiban-demo-2026';

export const DEMO_ORGS = [
  { id: 'H-TOKYO', type: 'hospital', name: 'Tokyo University Hospital (demo)', nameJa: '東京大学医学部附属病院（デモ）' },
  { id: 'H-OSAKA', type: 'hospital', name: 'Osaka University Hospital (demo)', nameJa: '大阪大学医学部附属病院（デモ）' },
  { id: 'H-KYOTO', type: 'hospital', name: 'Kyoto University Hospital (demo)', nameJa: '京都大学医学部附属病院（デモ）' },
  { id: 'H-NAGOYA', type: 'hospital', name: 'Nagoya University Hospital (demo)', nameJa: '名古屋大学医学部附属病院（デモ）' },
  { id: 'SEQ-A', type: 'sequencing_company', name: 'Genome Sequencing Co. (demo)', nameJa: 'ゲノムシークエンス株式会社（デモ）' },
  { id: 'SEQ-B', type: 'sequencing_company', name: 'Nippon Sequencing Lab (demo)', nameJa: '日本シークエンスラボ（デモ）' },
  { id: 'DC', type: 'data_center', name: 'Analysis & Data Center', nameJa: '解析・データセンター' },
  { id: 'RW', type: 'report_writer', name: 'Clinical Report Writer Co. (demo)', nameJa: 'レポート作成企業（デモ）' },
  { id: 'RC', type: 'review_committee', name: 'Data-use Review Committee', nameJa: '利活用審査委員会' },
  { id: 'R-ACAD', type: 'research_org', sector: 'academic', name: 'Academic Genomics Institute (demo)', nameJa: 'ゲノム研究所（デモ）' },
  { id: 'R-IND', type: 'research_org', sector: 'industry', name: 'Pharma Research Inc. (demo)', nameJa: '製薬研究株式会社（デモ）' },
  { id: 'OP', type: 'platform_operator', name: 'Platform Operator', nameJa: '事業実施組織' },
] as const;

export interface DemoAccount {
  username: string;
  orgId: string;
  role: string;
  principal: Principal;
  displayName: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'clinician', orgId: 'H-TOKYO', role: 'clinician', principal: 'hospital:clinician', displayName: '佐藤 医師 (Dr Sato)' },
  { username: 'clinician.osaka', orgId: 'H-OSAKA', role: 'clinician', principal: 'hospital:clinician', displayName: '田中 医師 (Dr Tanaka)' },
  { username: 'lab', orgId: 'SEQ-A', role: 'lab_technician', principal: 'sequencing_company:lab_technician', displayName: '鈴木 技師 (Suzuki)' },
  { username: 'analyst', orgId: 'DC', role: 'analyst', principal: 'data_center:analyst', displayName: '高橋 解析者 (Takahashi)' },
  { username: 'writer', orgId: 'RW', role: 'report_writer', principal: 'report_writer:report_writer', displayName: '伊藤 (Ito)' },
  { username: 'committee', orgId: 'RC', role: 'committee_member', principal: 'review_committee:committee_member', displayName: '渡辺 委員 (Watanabe)' },
  { username: 'researcher', orgId: 'R-ACAD', role: 'researcher', principal: 'research_org:researcher', displayName: '山本 研究者 (Yamamoto)' },
  { username: 'manager', orgId: 'OP', role: 'central_manager', principal: 'platform_operator:central_manager', displayName: '中村 管理者 (Nakamura)' },
  { username: 'operator', orgId: 'OP', role: 'operator', principal: 'platform_operator:operator', displayName: '小林 運用者 (Kobayashi)' },
];

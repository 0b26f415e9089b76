// Static material for the seeded tenant: host names per device group and realistic alert templates.
import type { SimAlert } from '../types.js';

export interface HostPlan {
  name: string;
  group: 'Servers' | 'Workstations' | 'Finance' | null;
  os: 'Windows11' | 'Windows10' | 'WindowsServer2022' | 'WindowsServer2019' | 'Linux' | 'macOS';
  tags?: string[];
}

const range = (prefix: string, numbers: number[], suffix: string): string[] =>
  numbers.map((n) => `${prefix}${String(n).padStart(2, '0')}${suffix}`);

/** ~50 hosts. Deliberate traps: two hosts whose first label is web-07, and an apostrophe in a name. */
export const HOSTS: readonly HostPlan[] = [
  ...range('web-', [1, 2, 3, 4, 5, 6, 7, 8], '.contoso.local').map((name): HostPlan => ({
    name,
    group: 'Servers',
    os: 'WindowsServer2022',
    tags: ['prod'],
  })),
  ...range('sql-', [1, 2, 3], '.contoso.local').map((name): HostPlan => ({
    name,
    group: 'Servers',
    os: 'WindowsServer2019',
    tags: ['prod', 'pci'],
  })),
  ...range('dc-', [1, 2], '.contoso.local').map((name): HostPlan => ({
    name,
    group: 'Servers',
    os: 'WindowsServer2022',
    tags: ['tier0'],
  })),
  ...range('app-', [1, 2, 3, 4], '.contoso.local').map((name): HostPlan => ({
    name,
    group: 'Servers',
    os: 'WindowsServer2019',
  })),
  ...range('k8s-node-', [1, 2, 3], '.contoso.local').map((name): HostPlan => ({
    name,
    group: 'Servers',
    os: 'Linux',
  })),
  { name: 'lnx-build-01.contoso.local', group: 'Servers', os: 'Linux' },
  ...range('ws-', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14], '.contoso.local').map(
    (name, i): HostPlan => ({ name, group: 'Workstations', os: i % 4 === 0 ? 'Windows10' : 'Windows11' }),
  ),
  { name: 'mac-design-01.contoso.local', group: 'Workstations', os: 'macOS' },
  { name: 'mac-design-02.contoso.local', group: 'Workstations', os: 'macOS' },
  { name: "o'brien-laptop.contoso.local", group: 'Workstations', os: 'Windows11', tags: ['vip'] },
  ...range('fin-ws-', [3, 7, 9, 12], '.contoso.local').map((name): HostPlan => ({
    name,
    group: 'Finance',
    os: 'Windows11',
    tags: ['pci'],
  })),
  { name: 'fin-srv-01.contoso.local', group: 'Finance', os: 'WindowsServer2019', tags: ['pci', 'prod'] },
  { name: 'fin-srv-02.contoso.local', group: 'Finance', os: 'WindowsServer2022', tags: ['pci', 'prod'] },
  { name: 'web-07.fabrikam.local', group: null, os: 'WindowsServer2019' },
  { name: 'kiosk-lobby-01.contoso.local', group: null, os: 'Windows10', tags: ['kiosk'] },
  { name: 'lab-test-02.fabrikam.local', group: null, os: 'Linux' },
];

export const OS_DETAILS: Readonly<Record<HostPlan['os'], { version: string; osBuild: number | null }>> = {
  Windows11: { version: '23H2', osBuild: 22631 },
  Windows10: { version: '22H2', osBuild: 19045 },
  WindowsServer2022: { version: '21H2', osBuild: 20348 },
  WindowsServer2019: { version: '1809', osBuild: 17763 },
  Linux: { version: '22.04', osBuild: null },
  macOS: { version: '14.5', osBuild: null },
};

export interface AlertTemplate {
  title: string;
  severity: SimAlert['severity'];
  category: string;
  detectionSource: string;
  mitreTechniques: string[];
  threatFamilyName: string | null;
  process: { fileName: string; filePath: string; commandLine: string; parent: string };
}

const t = (
  title: string,
  severity: SimAlert['severity'],
  category: string,
  detectionSource: string,
  mitreTechniques: string[],
  threatFamilyName: string | null,
  process: AlertTemplate['process'],
): AlertTemplate => ({
  title,
  severity,
  category,
  detectionSource,
  mitreTechniques,
  threatFamilyName,
  process,
});

const ps = (commandLine: string): AlertTemplate['process'] => ({
  fileName: 'powershell.exe',
  filePath: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0',
  commandLine,
  parent: 'cmd.exe',
});

export const ALERT_TEMPLATES: readonly AlertTemplate[] = [
  t(
    'Ransomware behavior detected in the file system',
    'High',
    'Ransomware',
    'WindowsDefenderAtp',
    ['T1486', 'T1490'],
    'LockBit',
    {
      fileName: 'svch0st.exe',
      filePath: 'C:\\Users\\Public',
      commandLine: 'svch0st.exe -enc -path C:\\Shares',
      parent: 'explorer.exe',
    },
  ),
  t(
    "'Mimikatz' credential theft tool",
    'High',
    'CredentialAccess',
    'WindowsDefenderAv',
    ['T1003.001'],
    'Mimikatz',
    {
      fileName: 'mimikatz.exe',
      filePath: 'C:\\Temp',
      commandLine: 'mimikatz.exe "sekurlsa::logonpasswords" exit',
      parent: 'cmd.exe',
    },
  ),
  t(
    'Suspicious process injection observed',
    'High',
    'DefenseEvasion',
    'WindowsDefenderAtp',
    ['T1055'],
    null,
    {
      fileName: 'rundll32.exe',
      filePath: 'C:\\Windows\\System32',
      commandLine: 'rundll32.exe C:\\Users\\Public\\x.dll,Start',
      parent: 'winword.exe',
    },
  ),
  t(
    "An active 'Emotet' malware was detected",
    'High',
    'Malware',
    'WindowsDefenderAv',
    ['T1204.002'],
    'Emotet',
    {
      fileName: 'invoice_0423.exe',
      filePath: 'C:\\Users\\Public\\Downloads',
      commandLine: 'invoice_0423.exe',
      parent: 'outlook.exe',
    },
  ),
  t(
    'Suspicious PowerShell command line',
    'Medium',
    'Execution',
    'WindowsDefenderAtp',
    ['T1059.001'],
    null,
    ps('powershell.exe -nop -w hidden -enc SQBFAFgA'),
  ),
  t('Anomalous scheduled task creation', 'Medium', 'Persistence', 'WindowsDefenderAtp', ['T1053.005'], null, {
    fileName: 'schtasks.exe',
    filePath: 'C:\\Windows\\System32',
    commandLine: 'schtasks /create /tn Updater /tr C:\\ProgramData\\upd.exe /sc onlogon',
    parent: 'cmd.exe',
  }),
  t(
    'Possible lateral movement using remote services',
    'Medium',
    'LateralMovement',
    'WindowsDefenderAtp',
    ['T1021.002', 'T1570'],
    null,
    {
      fileName: 'PsExec.exe',
      filePath: 'C:\\Tools',
      commandLine: 'PsExec.exe \\\\sql-02 -s cmd.exe',
      parent: 'cmd.exe',
    },
  ),
  t(
    'Microsoft Defender Antivirus protection turned off',
    'Medium',
    'DefenseEvasion',
    'WindowsDefenderAtp',
    ['T1562.001'],
    null,
    ps('Set-MpPreference -DisableRealtimeMonitoring $true'),
  ),
  t(
    'Connection to a known malicious IP address',
    'Medium',
    'CommandAndControl',
    'WindowsDefenderSmartScreen',
    ['T1071.001'],
    null,
    {
      fileName: 'chrome.exe',
      filePath: 'C:\\Program Files\\Google\\Chrome\\Application',
      commandLine: 'chrome.exe',
      parent: 'explorer.exe',
    },
  ),
  t("'Wacatac' malware was prevented", 'Low', 'Malware', 'WindowsDefenderAv', ['T1204.002'], 'Wacatac', {
    fileName: 'setup_free.exe',
    filePath: 'C:\\Users\\Public\\Downloads',
    commandLine: 'setup_free.exe /S',
    parent: 'msedge.exe',
  }),
  t(
    'Suspicious sequence of exploration activities',
    'Low',
    'Discovery',
    'WindowsDefenderAtp',
    ['T1087.002', 'T1069.002'],
    null,
    {
      fileName: 'net.exe',
      filePath: 'C:\\Windows\\System32',
      commandLine: 'net group "Domain Admins" /domain',
      parent: 'cmd.exe',
    },
  ),
  t(
    'Suspicious SSH brute-force sign-in',
    'Low',
    'InitialAccess',
    'WindowsDefenderAtp',
    ['T1110.001', 'T1078'],
    null,
    { fileName: 'sshd', filePath: '/usr/sbin', commandLine: 'sshd: root [priv]', parent: 'systemd' },
  ),
  t('Suspicious file dropped and launched', 'Low', 'Execution', 'WindowsDefenderAtp', ['T1204.002'], null, {
    fileName: 'update.js',
    filePath: 'C:\\Users\\Public\\AppData\\Local\\Temp',
    commandLine: 'wscript.exe update.js',
    parent: 'wscript.exe',
  }),
  t(
    "'Presenoker' unwanted software was detected",
    'Informational',
    'UnwantedSoftware',
    'WindowsDefenderAv',
    [],
    'Presenoker',
    {
      fileName: 'toolbar_setup.exe',
      filePath: 'C:\\Users\\Public\\Downloads',
      commandLine: 'toolbar_setup.exe',
      parent: 'explorer.exe',
    },
  ),
  t(
    "'EICAR_Test_File' malware was detected",
    'Informational',
    'Malware',
    'WindowsDefenderAv',
    [],
    'EICAR_Test_File',
    { fileName: 'eicar.com', filePath: 'C:\\Temp', commandLine: 'eicar.com', parent: 'cmd.exe' },
  ),
  t(
    '[Test Alert] Suspicious PowerShell command line',
    'Informational',
    'Execution',
    'WindowsDefenderAtp',
    ['T1059.001'],
    null,
    ps('powershell.exe -NoExit -ExecutionPolicy Bypass -WindowStyle Hidden'),
  ),
];

/** One oddity on purpose: MDE's UnSpecified severity, which clients must not choke on. */
export const UNSPECIFIED_TEMPLATE: AlertTemplate = t(
  'Custom detection: rare parent process for sqlservr.exe',
  'UnSpecified',
  'SuspiciousActivity',
  'CustomDetection',
  ['T1190'],
  null,
  {
    fileName: 'sqlservr.exe',
    filePath: 'C:\\Program Files\\Microsoft SQL Server\\MSSQL15\\Binn',
    commandLine: 'sqlservr.exe -sMSSQLSERVER',
    parent: 'cmd.exe',
  },
);

export const USERS = ['jsmith', 'akhan', 'mgarcia', 'obrien', 'lchen', 'svc-backup'];
export const ANALYSTS = ['secops-analyst@contoso.com', 'tier2@contoso.com'];

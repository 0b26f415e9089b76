// Links into the Microsoft Defender portal, where a card's reader goes for the full picture.
const PORTAL = 'https://security.microsoft.com';

export const portalLinks = {
  machine: (machineId: string) => `${PORTAL}/machines/v2/${encodeURIComponent(machineId)}/overview`,
  alert: (alertId: string) => `${PORTAL}/alerts/${encodeURIComponent(alertId)}`,
  alertQueue: () => `${PORTAL}/alerts`,
  actionCenter: () => `${PORTAL}/action-center/history`,
};

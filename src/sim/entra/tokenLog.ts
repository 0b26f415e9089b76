// Every token request the simulator answered, so tests can assert how often a client went to Entra.
export interface TokenRequestRecord {
  at: string;
  grantType: string | undefined;
  clientId: string | undefined;
  scope: string | undefined;
  success: boolean;
  status: number;
  /** OAuth error and AADSTS code when refused, e.g. "invalid_client AADSTS7000215". */
  error?: string;
}

export function createTokenLog() {
  const records: TokenRequestRecord[] = [];
  return {
    add(record: TokenRequestRecord): void {
      records.push(record);
    },
    list(): TokenRequestRecord[] {
      return records.map((r) => ({ ...r }));
    },
    clear(): void {
      records.length = 0;
    },
  };
}

export type TokenLog = ReturnType<typeof createTokenLog>;

/**
 * What events told a window while one of its reads of main was on its way (issue 14 item 4, and
 * every reconnect): those events may be newer than the read's reply, so the reply must not undo
 * them; anything heard before the read was asked is older, and the reply replaces it. Each read
 * keeps its own record, only for as long as it is out: a window that takes calls and sends replies
 * all day holds nothing per call or per send here.
 */
export interface HeardWhileAsking<Kind extends string> {
  /** An event about `id` (a call, a clientId, an account) of this kind arrived. */
  readonly heard: (kind: Kind, id: string) => void;
  /** Runs `read`, and gives its reply with what events said meanwhile. */
  readonly asking: <T>(read: () => Promise<T>) => Promise<{ readonly reply: T; readonly meanwhile: Readonly<Record<Kind, ReadonlySet<string>>> }>;
}

export function createHeardWhileAsking<Kind extends string>(kinds: readonly Kind[]): HeardWhileAsking<Kind> {
  const open = new Set<Record<Kind, Set<string>>>();
  return {
    heard(kind, id) {
      for (const record of open) record[kind].add(id);
    },
    async asking(read) {
      const record = Object.fromEntries(kinds.map((kind) => [kind, new Set<string>()])) as Record<Kind, Set<string>>;
      open.add(record);
      try {
        return { reply: await read(), meanwhile: record };
      } finally {
        open.delete(record);
      }
    },
  };
}

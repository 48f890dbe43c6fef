// Drafts (DESIGN §6: forms never lose what a person typed) are kept in this browser's localStorage,
// one key per form and user: `kiban.draft.<form>.<userId>`. They can hold a hospital patient id, so
// they do not outlive their purpose: a form clears its own draft once submitted, and an explicit
// logout clears every draft of that user. An expired session keeps them (that is what they are for).

const PREFIX = 'kiban.draft.';

export const draftKey = (form: string, userId: string) => `${PREFIX}${form}.${userId}`;

/** Removes every draft of `userId` in this browser (other users' drafts stay). */
export function clearUserDrafts(userId: string): void {
  try {
    const suffix = `.${userId}`;
    const keys: string[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k && k.startsWith(PREFIX) && k.endsWith(suffix)) keys.push(k);
    }
    for (const k of keys) localStorage.removeItem(k);
  } catch {
    // storage blocked: nothing was stored either
  }
}

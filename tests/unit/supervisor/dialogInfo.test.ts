import { describe, expect, it } from 'vitest';
import { DIALOG_INFO_LIMITS, parseDialogInfo } from '../../../main/core/supervisor/dialogInfo';

/** What Kamailio's pua_dialoginfo sends (include_callid, include_tags, include_localremote), trimmed. */
const KAMAILIO_CONFIRMED = `<?xml version="1.0"?>
<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="3" state="full" entity="sip:carol@127.0.0.1">
  <dialog id="a84b4c76e66710" call-id="9f3c@ana" local-tag="1928301774" remote-tag="456" direction="recipient">
    <state>confirmed</state>
    <remote>
      <identity display="Ana &amp; Co">sip:ana@127.0.0.1</identity>
      <target uri="sip:ana@127.0.0.1"/>
    </remote>
    <local>
      <identity>sip:carol@127.0.0.1</identity>
    </local>
  </dialog>
</dialog-info>`;

function refusedReason(body: string): string {
  const result = parseDialogInfo(body);
  if (result.ok) throw new Error('the body was accepted');
  return result.reason;
}

describe('reading dialog-info+xml from the SIP server', () => {
  it("Kamailio tells the supervisor that Carol's call from Ana is confirmed: state, direction and the far party are read", () => {
    const result = parseDialogInfo(KAMAILIO_CONFIRMED);
    expect(result).toEqual({
      ok: true,
      info: {
        version: 3,
        notification: 'full',
        entity: 'sip:carol@127.0.0.1',
        dialogs: [
          {
            id: 'a84b4c76e66710',
            callId: '9f3c@ana',
            direction: 'recipient',
            state: 'confirmed',
            remote: { uri: 'sip:ana@127.0.0.1', display: 'Ana & Co' },
          },
        ],
      },
    });
  });

  it('a state written with a capital, as Kamailio writes "Trying", is read', () => {
    const result = parseDialogInfo(
      '<dialog-info version="2" state="full" entity="sip:ben@127.0.0.1"><dialog id="p"><state>Trying</state></dialog></dialog-info>',
    );
    expect(result.ok && result.info.dialogs[0]?.state).toBe('trying');
  });

  it('an idle agent is a full document with no dialogs', () => {
    const result = parseDialogInfo('<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="0" state="full" entity="sip:ben@127.0.0.1"/>');
    expect(result.ok && result.info.dialogs).toEqual([]);
  });

  it('a prefixed namespace, a comment, numeric references and a remote known only by its target are still read', () => {
    const result = parseDialogInfo(
      `<d:dialog-info xmlns:d="urn:ietf:params:xml:ns:dialog-info" version="1" state='partial' entity="sip:ana@127.0.0.1">
        <!-- early dialog -->
        <d:dialog id="x"><d:state>early</d:state><d:remote><d:target uri="sip:&#43;34600111222@127.0.0.1"/></d:remote></d:dialog>
      </d:dialog-info>`,
    );
    expect(result.ok && result.info.notification).toBe('partial');
    expect(result.ok && result.info.dialogs[0]).toEqual({
      id: 'x',
      callId: null,
      direction: null,
      state: 'early',
      remote: { uri: 'sip:+34600111222@127.0.0.1', display: null },
    });
  });

  describe('malformed or hostile bodies are refused whole, never half-read', () => {
    it('a DOCTYPE with an entity declaration (the billion laughs) is refused before any expansion', () => {
      const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>
        <dialog-info version="1" state="full" entity="&lol2;"/>`;
      expect(refusedReason(laughs)).toMatch(/DOCTYPE/);
    });

    it('an external entity reference without a DOCTYPE is refused', () => {
      expect(refusedReason('<dialog-info version="1" state="full" entity="&xxe;"/>')).toMatch(/entity/);
    });

    it('CDATA and processing instructions are refused', () => {
      expect(refusedReason('<dialog-info version="1" state="full" entity="sip:a@b"><![CDATA[x]]></dialog-info>')).toMatch(/CDATA/);
      expect(refusedReason('<dialog-info version="1" state="full" entity="sip:a@b"><?php ?></dialog-info>')).toMatch(/processing/);
    });

    it('tags that do not match, are left open or are cut off are refused', () => {
      expect(refusedReason('<dialog-info version="1" state="full" entity="sip:a@b"><dialog id="1"><state>early</dialog></state></dialog-info>')).toMatch(
        /does not match/,
      );
      expect(refusedReason('<dialog-info version="1" state="full" entity="sip:a@b"><dialog id="1">')).toMatch(/left open/);
      expect(refusedReason('<dialog-info version="1" state="full" entity="sip:a@b"><dialog id="1"')).toMatch(/unclosed/);
      expect(refusedReason('')).toMatch(/no root/);
    });

    it('a dialog without an id or with an unknown state is refused', () => {
      expect(refusedReason('<dialog-info version="1" state="full" entity="sip:a@b"><dialog><state>early</state></dialog></dialog-info>')).toMatch(/id/);
      expect(refusedReason('<dialog-info version="1" state="full" entity="sip:a@b"><dialog id="1"><state>dancing</state></dialog></dialog-info>')).toMatch(
        /state/,
      );
    });

    it('a document of another kind, or without version, state or entity, is refused', () => {
      expect(refusedReason('<presence entity="sip:a@b"/>')).toMatch(/dialog-info/);
      expect(refusedReason('<dialog-info state="full" entity="sip:a@b"/>')).toMatch(/version/);
      expect(refusedReason('<dialog-info version="1" state="some" entity="sip:a@b"/>')).toMatch(/state/);
      expect(refusedReason('<dialog-info version="1" state="full"/>')).toMatch(/entity/);
    });

    it('repeated attributes, a bare ampersand, a NUL reference and text outside the root are refused', () => {
      expect(refusedReason('<dialog-info version="1" version="2" state="full" entity="sip:a@b"/>')).toMatch(/repeated/);
      expect(refusedReason('<dialog-info version="1" state="full" entity="sip:a&b"/>')).toMatch(/&/);
      expect(refusedReason('<dialog-info version="1" state="full" entity="sip:a&#0;b"/>')).toMatch(/character/);
      expect(refusedReason('junk<dialog-info version="1" state="full" entity="sip:a@b"/>')).toMatch(/outside/);
    });

    it('oversized bodies, deep nesting and too many dialogs are refused', () => {
      expect(refusedReason(' '.repeat(DIALOG_INFO_LIMITS.bytes + 1))).toMatch(/too large/);
      const deep = `<dialog-info version="1" state="full" entity="sip:a@b">${'<x>'.repeat(20)}${'</x>'.repeat(20)}</dialog-info>`;
      expect(refusedReason(deep)).toMatch(/deep/);
      const many = Array.from({ length: DIALOG_INFO_LIMITS.dialogs + 1 }, (_, index) => `<dialog id="${index}"><state>early</state></dialog>`).join('');
      expect(refusedReason(`<dialog-info version="1" state="full" entity="sip:a@b">${many}</dialog-info>`)).toMatch(/too many/);
    });
  });
});

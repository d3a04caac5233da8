// How the textmarks contract is verified against a target as it is, from its target config alone (the
// verifier's state handlers; see ContractProvider in src/types.ts).
//
// States. TextMarks has no call that creates a user or a TextMark, so neither state can be made: the
// config promises both (auth_user owns tm, foreignTm is somebody else's), and the driver confirms
// through the API what it can: that auth_user logs in and reads tm's settings (integration_config()).
// A refusal the contract expects then says something about the rule under test, not about bad
// credentials (the suite does the same before TXM-TM-NOT-OWNED). The old in-process hook also reset
// the mock's TextMarks before each interaction; no interaction depends on what an earlier one set
// (only the rescode is matched), so nothing is reset here: what they change is put back once, at the
// end (preserve).
//
// The request filter: nothing in a request varies per run (no signature, time or session); the one
// reading that shapes a request, readings.pathStyle = double, calls {baseUrl}//TextMarkManager/…
// as the page prints it (the engine sends the path as the filter gives it, the doubled slash kept).
import { listReading } from '../../src/check.ts';
import {
  statusOf,
  withBodyUnder,
  withLegacyLabels,
  withoutBodyMatcher,
  withStatus,
  writtenContentType,
} from '../../src/pact/adapt.ts';
import { requirementsOf } from '../../src/pact/files.ts';
import type { ContractProvider, ContractRequest, Json, PactJsonObject } from '../../src/types.ts';
import { notPutBack, readTm, restorer, type SavedSettings, tokenMoved } from '../../suites/textmarks/api.ts';
import { type ResolvedConfig, type TextMarksConfig, withDefaults } from '../../suites/textmarks/config.ts';

/** The states the contract names (contracts/textmarks/textmarks.pact.test.ts). */
export const OWNED = 'auth_user owns the TextMark tm';
export const FOREIGN = 'the TextMark foreignTm exists and is owned by another user';

const configOf = (section: Record<string, unknown>): ResolvedConfig =>
  withDefaults(section as unknown as TextMarksConfig);

type Unavailable = { reason: string; needs?: string } | undefined;

const FIXTURE: Record<string, string> = {
  auth_user: 'auth_user (the account the contract logs in as)',
  auth_pass: 'auth_pass (the password of auth_user)',
  tm: 'tm (a TextMark owned by auth_user)',
  foreignTm: 'foreignTm (an existing TextMark not owned by auth_user)',
};

function missing(section: Record<string, unknown>, keys: readonly string[]): Unavailable {
  const key = keys.find((k) => typeof section[k] !== 'string' || section[k] === '');
  return key ? { reason: `the config names no ${FIXTURE[key] ?? key}`, needs: key } : undefined;
}

/** readings.pathStyle = double: the call as the page prints it, {baseUrl}//TextMarkManager/… (TXM-C2). */
export function filter(request: ContractRequest, ctx: { section: Record<string, unknown> }): ContractRequest {
  if (configOf(ctx.section).readings.pathStyle !== 'double' || !request.path.startsWith('/TextMarkManager/'))
    return request;
  return { ...request, path: `/${request.path}` };
}

/** foreignTm the very string tm is (case is not compared: the page does not say keywords ignore it). */
function foreignIsTm(section: Record<string, unknown>): Unavailable {
  return typeof section.tm === 'string' && section.tm === section.foreignTm
    ? {
        reason: 'foreignTm names tm, which auth_user owns: the config has no TextMark of another user',
        needs: 'foreignTm',
      }
    : undefined;
}

// Reading tm, and putting back what the contract changed on it: the vendor's restorer
// (suites/textmarks/api.ts), shared with the suite and the restore journal.
export { notPutBack, tokenMoved };

/**
 * The contract under this target's readings (the consumer test writes the official clients'
 * expectations): an error's HTTP status (TXM-O4) as the reading says, the envelope inside
 * "response" under the wrapped reading (TXM-C1), JSON labelled with a legacy type the user accepts
 * (TXM-O12). Pure.
 */
export function adapt(
  i: PactJsonObject,
  section: Record<string, unknown>,
): { interaction: PactJsonObject; note: string } | undefined {
  const r = configOf(section).readings;
  const notes: string[] = [];
  let out = i;
  if (requirementsOf(i.description).includes('TXM-ERROR-HTTP-STATUS')) {
    if (r.errorHttpStatus === 'any') {
      out = withStatus(out, 'any');
      notes.push(
        'any HTTP status for an error (readings.errorHttpStatus any: the page speaks only of the rescode)',
      );
    } else if (r.errorHttpStatus !== statusOf(out)) {
      out = withStatus(out, [r.errorHttpStatus]);
      notes.push(`HTTP ${r.errorHttpStatus} for an error (readings.errorHttpStatus)`);
    }
  }
  // pact-js pins the content type the verifier detects in a JSON-P body (text/plain); behind an
  // Express-style /**/ it detects C source. The regex is the contract's promise; the pin is not.
  const unpinned = withoutBodyMatcher(out, '$', 'contentType');
  if (unpinned && requirementsOf(i.description).some((id) => id.startsWith('TXM-JSONP'))) {
    out = unpinned;
    notes.push('the JSON-P body judged by its pattern alone (not by the content type detected in it)');
  }
  if (r.envelope === 'wrapped') {
    const wrapped = withBodyUnder(out, 'response');
    if (wrapped) {
      out = wrapped;
      notes.push('the envelope inside "response" (readings.envelope wrapped)');
    }
  }
  const legacy = listReading(r.legacyMediaTypes);
  const labelled = /application\/json/i.test(writtenContentType(out))
    ? withLegacyLabels(out, ['application/json', '[^;\\s]+\\+json'], legacy)
    : undefined;
  if (labelled) {
    out = labelled;
    notes.push(`JSON labelled ${legacy.join(' or ')} accepted too (readings.legacyMediaTypes)`);
  }
  return notes.length > 0 ? { interaction: out, note: notes.join('; ') } : undefined;
}

export const provider: ContractProvider = {
  adapt,
  filter,
  // The overview names 2011 for a tm not owned by auth_user, but VENDORS.md leaves the code open
  // (TXM-O7): the interaction that expects 2011 holds only a target configured to answer it.
  notApplicable: ({ requirements }, section) =>
    requirements.includes('TXM-TM-NOT-OWNED-2011') && configOf(section).readings.foreignTmRescode !== 2011
      ? {
          reason:
            'it expects rescode 2011 for a tm not owned by auth_user, a code the page leaves open (readings.foreignTmRescode is "any"; TXM-TM-NOT-OWNED checks any non-zero code)',
          needs: 'readings.foreignTmRescode',
        }
      : undefined,
  states: {
    [OWNED]: {
      unavailable: (section) => missing(section, ['auth_user', 'auth_pass', 'tm']),
      setup: async (ctx) => {
        await readTm(ctx.http, ctx.baseUrl, configOf(ctx.section), `'${OWNED}' is not confirmed`);
        return {};
      },
    },
    [FOREIGN]: {
      unavailable: (section) =>
        missing(section, ['auth_user', 'auth_pass', 'tm', 'foreignTm']) ?? foreignIsTm(section),
      // foreignTm cannot be read as auth_user (that refusal is what the contract checks): the
      // credentials are confirmed on tm, so a refusal of foreignTm is about ownership.
      setup: async (ctx) => {
        await readTm(ctx.http, ctx.baseUrl, configOf(ctx.section), 'auth_user is not confirmed to log in');
        return {};
      },
    },
  },
  // What the contract may change: tm's group_callback_url (the valid POSTs set it), and private_token
  // on a target that clears an option not sent. Read first; unread, the engine does not verify.
  preserve: async (ctx) => {
    const rctx = { http: ctx.http, section: ctx.section, baseUrl: ctx.baseUrl, when: 'the contract' };
    const saved = (await restorer.read(rctx)) as unknown as SavedSettings;
    // The contract never sends private_token: a hidden one is taken as unchanged (a shown one is compared).
    const hidden = configOf(ctx.section).readings.privateTokenReadBack !== 'shown';
    const known = { ...saved, ...(hidden ? { tokenChanged: false } : {}) } as unknown as Json;
    return () => restorer.putBack(rctx, known);
  },
};

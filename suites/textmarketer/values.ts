// The values the suite sets: unique to the run and to each use (a company name carries the run id and
// a serial), so a real account shows an obvious trail, two runs never collide, and a target that
// answers with stale values cannot pass by luck (uniqueValues, the kit's).
import { uniqueValues } from '../../src/check.ts';

export interface ChangeValues {
  company: string;
  email: string;
  mobile: string;
}

export interface NotificationTargets {
  /** Two UK mobiles the tester owns (config `notificationMobiles`), used in turn. */
  notificationMobiles?: readonly [string, string] | undefined;
  /** Two addresses the tester owns (config `notificationEmails`), used in turn. */
  notificationEmails?: readonly [string, string] | undefined;
}

export interface FreshValues {
  /** A company name not used before in this run. */
  company: () => string;
  /** A company name, email and mobile; no two consecutive calls give the same email or mobile. */
  change: () => ChangeValues;
}

export function freshValues(run: string, targets: NotificationTargets = {}): FreshValues {
  const unique = uniqueValues(run);
  let uses = 0;
  // An apostrophe and an ampersand: "No special restrictions", and the answer must escape them.
  const company = () => unique.next("O'Brien & Co");
  return {
    company,
    change: () => {
      const name = company();
      const serial = unique.serial();
      // Configured values alternate, so consecutive changes always differ; the defaults are new per use.
      const turn = uses++ % 2;
      return {
        company: name,
        email: targets.notificationEmails?.[turn] ?? `conformance.${run}.${serial}@example.com`,
        // 07700 900xxx is Ofcom's range reserved for drama: a valid UK mobile that reaches nobody.
        mobile:
          targets.notificationMobiles?.[turn] ??
          `447700900${String((Number.parseInt(run.slice(-3), 16) + serial) % 1000).padStart(3, '0')}`,
      };
    },
  };
}

// `list --dedupe`: dual partners (direct bill and indirect reseller at once) see some customers
// twice (Learn, "see your customer list"). Each id is written once; how many were dropped is said
// on stderr at the end. The ids seen are held in memory (about 100 bytes a customer); a run resumed
// from a checkpoint only knows the ids it has seen itself.
import type { Customer } from "partner-center-customers";
import type { Io } from "./io.js";

interface Writer {
  start(): Promise<void>;
  write(customer: Customer): Promise<void>;
  end(customers: number, pages: number): Promise<void>;
}

/** `writer`, writing each customer id once. */
export function dedupeWriter<W extends Writer>(writer: W, io: Io): Writer {
  const seen = new Set<string>();
  let dropped = 0;
  return {
    start: () => writer.start(),
    write: (customer) => {
      if (seen.has(customer.id)) {
        dropped++;
        return Promise.resolve();
      }
      seen.add(customer.id);
      return writer.write(customer);
    },
    end: async (customers, pages) => {
      await writer.end(customers - dropped, pages);
      io.err(
        `pc-customers list: --dedupe dropped ${dropped} repeated customer id${dropped === 1 ? "" : "s"}.\n`,
      );
    },
  };
}

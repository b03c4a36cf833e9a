/**
 * The mock's customers: a deterministic data set that looks like a partner's real list (GUID ids
 * equal to the tenant id, company names, `*.onmicrosoft.com` domains, the documented
 * `relationshipToPartner` values, some customers of indirect resellers with `associatedPartnerId`).
 * The same `count` and `seed` always give the same customers in the same order.
 */
import type { Customer } from "../customers.js";

/** What the data set is made from. */
export interface DataSetOptions {
  /** How many customers (default `DEFAULT_CUSTOMERS`). */
  readonly customers?: number;
  /** Seed of the ids, the order and the relationships (default `DEFAULT_SEED`). */
  readonly seed?: number;
}

/** The mock partner's customers, and the indirect partners some of them are associated with. */
export interface DataSet {
  readonly seed: number;
  /** In the order the mock pages them. */
  readonly customers: readonly Customer[];
  /** Tenant ids of the indirect resellers (the `IndirectReseller` filter's values). */
  readonly resellers: readonly string[];
  /** Tenant ids of the indirect providers (the `IndirectCloudSolutionProvider` filter's values). */
  readonly providers: readonly string[];
}

/** "A few dozen": more than one page at small sizes, one page at the CLI's default size of 100. */
export const DEFAULT_CUSTOMERS = 40;
/** The default seed. */
export const DEFAULT_SEED = 1;
/** The largest data set: bigger ones would only cost memory (every customer is held). */
export const MAX_CUSTOMERS = 100_000;

/**
 * Fixed, so that they can be documented and typed into a filter: the first is the reseller of the
 * documented indirect-reseller filter example (get-customers-of-an-indirect-reseller).
 */
export const INDIRECT_RESELLERS: readonly string[] = Object.freeze([
  "484e548c-f5f3-4528-93a9-c16c6373cb59",
  "3d1a9c62-7f0b-4e8e-9b51-2c6f4a8d7e10",
  "b9f2e4a1-5c3d-4f6e-8a7b-9c0d1e2f3a41",
]);
/** Fixed tenant ids of the indirect providers. */
export const INDIRECT_PROVIDERS: readonly string[] = Object.freeze(["6c2d8e4f-1a3b-4c5d-9e6f-7a8b9c0d1e52"]);

// Microsoft's fictitious companies, with the punctuation and accents real names have.
const NAMES = [
  "Contoso",
  "Fabrikam",
  "Northwind Traders",
  "Tailspin Toys",
  "Wingtip Toys",
  "Adventure Works",
  "Alpine Ski House",
  "Blue Yonder Airlines",
  "Coho Winery",
  "Litware",
  "Lucerne Publishing",
  "Margie's Travel",
  "Proseware",
  "Relecloud",
  "Trey Research",
  "Woodgrove Bank",
  "Wide World Importers",
  "VanArsdel",
  "Humongous Insurance",
  "Fourth Coffee",
  "City Power & Light",
  "Southridge Video",
  "Tailwind Traders",
  "Lamna Healthcare",
  "First Up Consultants",
  "Bellows College",
  "Graphic Design Institute",
  "Consolidated Messenger",
  "A. Datum Corporation",
  "Contoso Pharmaceuticals",
  "Fabrikam Résidences",
  "Nod Publishers",
  "Munson's Pickles and Preserves",
  "Best For You Organics",
  "School of Fine Art",
  "Contoso Café",
] as const;

/** Builds the data set; throws a `RangeError` for a count or seed out of range. */
export function createDataSet(options: DataSetOptions = {}): DataSet {
  const count = options.customers ?? DEFAULT_CUSTOMERS;
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(count) || count < 0 || count > MAX_CUSTOMERS)
    throw new RangeError(`customers must be a whole number from 0 to ${MAX_CUSTOMERS}, got ${count}.`);
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffff_ffff)
    throw new RangeError(`seed must be a whole number from 0 to 4294967295, got ${seed}.`);
  const random = mulberry32(seed);
  const partners = [...INDIRECT_RESELLERS, ...INDIRECT_PROVIDERS];
  const customers: Customer[] = [];
  for (let i = 0; i < count; i++) {
    const round = Math.floor(i / NAMES.length);
    const base = NAMES[i % NAMES.length] as string;
    const companyName = round === 0 ? base : `${base} ${round + 1}`;
    const domain = `${slug(base)}${round === 0 ? "" : round + 1}.onmicrosoft.com`;
    const id = guid(random);
    // Every fourth customer came through an indirect partner, each partner in turn, so that even
    // a small data set has customers for every reseller and provider.
    const indirect = i % 4 === 1 ? partners[Math.floor(i / 4) % partners.length] : undefined;
    customers.push({
      id,
      companyProfile: {
        tenantId: id,
        domain,
        companyName,
        links: { self: { uri: `/customers/${id}/profiles/company`, method: "GET", headers: [] } },
        attributes: { objectType: "CustomerCompanyProfile" },
      },
      relationshipToPartner: indirect === undefined ? relationship(random()) : "reseller",
      ...(indirect === undefined ? {} : { associatedPartnerId: indirect }),
      links: { self: { uri: `/customers/${id}`, method: "GET", headers: [] } },
      attributes: { objectType: "Customer" },
    });
  }
  shuffle(customers, random);
  return { seed, customers, resellers: INDIRECT_RESELLERS, providers: INDIRECT_PROVIDERS };
}

// Mostly resellers, as a CSP partner's list is; the rarer documented values now and then.
function relationship(r: number): string {
  if (r < 0.7) return "reseller";
  if (r < 0.85) return "advisor";
  if (r < 0.95) return "none";
  return r < 0.975 ? "syndication" : "microsoft_support";
}

function slug(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[^A-Za-z0-9]/g, "")
    .toLowerCase();
}

/** A version-4-shaped GUID from `random`. */
function guid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = "4";
  hex[16] = "89ab"[Math.floor(random() * 4)] as string;
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
}

/** A small, fast, seeded PRNG (Mulberry32): good enough for test data, and the same everywhere. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The customer listing as CSV: first the columns of Partner Center's own "Export customers" file
// (Customers.csv), in its order and with its header names, then what a sync needs, each headed by
// its field path in the API's Customer. A customer read back from such a file has exactly the
// fields its cells hold, so that `diff` can compare a CSV listing with a JSON one.
import type { Customer } from "partner-center-customers";
import { csvRecord, restoreFormula } from "./csv.js";

/** How a column's value is written: text, a list (items joined by "; ") or true/false. */
type Kind = "text" | "list" | "boolean";

/** One column: its header and the field of the customer it holds. */
export interface CustomerColumn {
  readonly header: string;
  readonly path: readonly string[];
  readonly kind: Kind;
}

const column = (header: string, path: string, kind: Kind = "text"): CustomerColumn => ({
  header,
  path: path.split("."),
  kind,
});
const field = (path: string, kind: Kind = "text"): CustomerColumn => column(path, path, kind);

const ADDRESS = [
  "country",
  "region",
  "city",
  "state",
  "district",
  "addressLine1",
  "addressLine2",
  "addressLine3",
  "postalCode",
  "firstName",
  "middleName",
  "lastName",
  "phoneNumber",
  "emailAddress",
];

/** The separator of a list's items in one cell (tags, custom domains). */
export const LIST_SEPARATOR = "; ";

/**
 * The columns, in order. The first five are Partner Center's "Export customers" columns as Learn's
 * "see your customer list" page names them; the rest are headed by their path in the Customer schema.
 */
export const CUSTOMER_CSV_COLUMNS: readonly CustomerColumn[] = [
  column("Microsoft ID", "id"),
  column("Company name", "companyProfile.companyName"),
  column("Primary domain name", "companyProfile.domain"),
  column("Relationship", "relationshipToPartner"),
  column("Tags", "tags", "list"),
  field("companyProfile.tenantId"),
  field("commerceId"),
  field("associatedPartnerId"),
  field("customDomains", "list"),
  field("allowDelegatedAccess", "boolean"),
  field("enableGDAPByDefault", "boolean"),
  field("companyProfile.organizationRegistrationNumber"),
  field("companyProfile.email"),
  ...ADDRESS.map((name) => field(`companyProfile.address.${name}`)),
  field("billingProfile.id"),
  field("billingProfile.firstName"),
  field("billingProfile.lastName"),
  field("billingProfile.email"),
  field("billingProfile.culture"),
  field("billingProfile.language"),
  field("billingProfile.companyName"),
  ...ADDRESS.map((name) => field(`billingProfile.defaultAddress.${name}`)),
];

/** The header names, in order. */
export const CUSTOMER_CSV_HEADER: readonly string[] = CUSTOMER_CSV_COLUMNS.map((c) => c.header);

/** The header record, CRLF included. */
export function customerCsvHeader(): string {
  return csvRecord(CUSTOMER_CSV_HEADER);
}

/** One customer's cells, in the columns' order (absent fields are empty cells). */
export function customerCsvCells(customer: Customer): string[] {
  return CUSTOMER_CSV_COLUMNS.map((c) => cell(valueAt(customer, c.path), c.kind));
}

/** One customer as a CSV record, CRLF included; formula cells neutralised. */
export function customerCsvRecord(customer: Customer): string {
  return csvRecord(customerCsvCells(customer));
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let at = value;
  for (const key of path) {
    if (typeof at !== "object" || at === null || Array.isArray(at)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

function cell(value: unknown, kind: Kind): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (kind === "list" && Array.isArray(value) && value.every((v) => typeof v === "string"))
    return value.join(LIST_SEPARATOR);
  if (typeof value === "boolean" || typeof value === "number") return String(value);
  // A value of another shape than the spec's is kept whole, as JSON, rather than dropped.
  return JSON.stringify(value);
}

/**
 * The customer a CSV record holds, read with `header` (a file's first record): each known column's
 * cell, with the formula quote removed, at its path; empty cells and unknown columns are left out.
 */
export function customerFromCsv(
  header: readonly string[],
  fields: readonly string[],
): Record<string, unknown> {
  const customer: Record<string, unknown> = {};
  header.forEach((name, i) => {
    const known = BY_HEADER.get(name);
    const raw = fields[i];
    if (known === undefined || raw === undefined || raw === "") return;
    const text = restoreFormula(raw);
    const value =
      known.kind === "list"
        ? text.split(LIST_SEPARATOR)
        : known.kind === "boolean" && (text === "true" || text === "false")
          ? text === "true"
          : text;
    let at = customer;
    known.path.forEach((key, depth) => {
      if (depth === known.path.length - 1) at[key] = value;
      else {
        at[key] ??= {};
        at = at[key] as Record<string, unknown>;
      }
    });
  });
  return customer;
}

const BY_HEADER = new Map(CUSTOMER_CSV_COLUMNS.map((c) => [c.header, c]));

/**
 * `customer` as its CSV record would read back: what a listing holds beyond the CSV's columns is
 * dropped, so that a JSON listing and a CSV listing of the same customers compare equal.
 */
export function projectToCsv(customer: Customer): Record<string, unknown> {
  return customerFromCsv(CUSTOMER_CSV_HEADER, customerCsvCells(customer));
}

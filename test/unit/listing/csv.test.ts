// The CSV writer and reader of listings: RFC 4180 as a real CSV parser (csv-parse) reads it,
// formula cells neutralised the OWASP way, and Partner Center's export columns first.
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import type { Customer } from "partner-center-customers";
import { describe, expect, it } from "vitest";
import {
  CsvReader,
  CsvSyntaxError,
  csvField,
  csvRecord,
  neutraliseFormula,
  restoreFormula,
} from "../../../src/toolkit/listing/csv.js";
import {
  CUSTOMER_CSV_HEADER,
  customerCsvHeader,
  customerCsvRecord,
  customerFromCsv,
  projectToCsv,
} from "../../../src/toolkit/listing/customer-csv.js";
import { propertyParams } from "../../helpers/property.js";

const readAll = (text: string, chunk = text.length || 1) => {
  const reader = new CsvReader();
  const records = [];
  for (let i = 0; i < text.length; i += chunk) records.push(...reader.push(text.slice(i, i + chunk)));
  records.push(...reader.end());
  return records;
};

describe("csvField and csvRecord (RFC 4180)", () => {
  it("quotes fields with commas, quotes or line breaks, doubles quotes, and ends records with CRLF", () => {
    expect(csvRecord(["plain", "a,b", 'say "hi"', "two\nlines", "cr\rlf", "Zürich 東京"])).toBe(
      'plain,"a,b","say ""hi""","two\nlines","cr\rlf",Zürich 東京\r\n',
    );
  });

  it("neutralises a cell that starts with =, +, -, @, tab or CR: a ' in front, and quoted", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) {
      const value = `${start}HYPERLINK("http://evil.example")`;
      expect(neutraliseFormula(value)).toBe(`'${value}`);
      expect(csvField(value)).toBe(`"'${value.replaceAll('"', '""')}"`);
      expect(restoreFormula(neutraliseFormula(value))).toBe(value);
    }
  });

  it("leaves every other cell as it is (no data is rewritten)", () => {
    for (const value of ["Bearer Logistics2Go", "'quoted", "a=b", "1+1", " =not a formula", ""]) {
      expect(neutraliseFormula(value)).toBe(value);
    }
    expect(csvField("Bearer Logistics2Go")).toBe("Bearer Logistics2Go");
  });

  it("is read back by csv-parse as the same values (formula cells with their quote)", () => {
    const text = fc.string({
      unit: fc.constantFrom("a", ",", '"', "\n", "\r", "=", "-", "@", "\t", "é", " "),
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(text, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }),
        (rows) => {
          const width = rows[0]?.length ?? 1;
          const table = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? "x"));
          // A record of one empty field is an empty line, which no reader keeps.
          fc.pre(table.every((r) => r.some((cell) => cell !== "")));
          const csv = table.map(csvRecord).join("");
          const parsed = parse(csv, { relax_column_count: false }) as string[][];
          expect(parsed).toEqual(table.map((r) => r.map(neutraliseFormula)));
          expect(readAll(csv, 3).map((r) => r.fields)).toEqual(parsed);
        },
      ),
      propertyParams(300),
    );
  });
});

describe("CsvReader", () => {
  it("reads records across chunks, with the line each starts on", () => {
    const text = 'a,b\r\n"x\ny",2\n\nlast,"q""q"';
    for (const chunk of [1, 2, 5, 100]) {
      expect(readAll(text, chunk)).toEqual([
        { fields: ["a", "b"], line: 1 },
        { fields: ["x\ny", "2"], line: 2 },
        { fields: ["last", 'q"q'], line: 5 },
      ]);
    }
  });

  it("refuses a stray quote, text after a closing quote and an unclosed quote, naming the line", () => {
    const failure = (text: string) => {
      try {
        readAll(text);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    expect(failure('ok\nab"c,d')).toMatchObject({ name: "CsvSyntaxError", line: 2 });
    expect(failure('ok\n"ab"c,d')).toBeInstanceOf(CsvSyntaxError);
    expect(failure('ok\nok\n"never closed')).toMatchObject({ line: 3 });
    expect(() => new CsvReader(4).push("12345,")).toThrow(/longer than 4 characters/);
  });
});

describe("the customer CSV", () => {
  const customer = {
    id: "00000000-0000-4000-8000-000000000001",
    companyProfile: {
      tenantId: "00000000-0000-4000-8000-000000000001",
      domain: "contoso.onmicrosoft.com",
      companyName: '=cmd|" /C calc"!A0, Contoso "Ltd"',
      address: { country: "DE", city: "Köln", addressLine1: "Line 1\nLine 2" },
    },
    billingProfile: { email: "billing@contoso.example", defaultAddress: { country: "DE" } },
    relationshipToPartner: "reseller",
    tags: ["gold", "emea"],
    customDomains: ["contoso.example"],
    allowDelegatedAccess: true,
    links: { self: { uri: "/customers/x", method: "GET", headers: [] } },
    attributes: { objectType: "Customer" },
  } as unknown as Customer;

  it("starts with Partner Center's export columns, in its order, then the sync fields by path", () => {
    expect(CUSTOMER_CSV_HEADER.slice(0, 5)).toEqual([
      "Microsoft ID",
      "Company name",
      "Primary domain name",
      "Relationship",
      "Tags",
    ]);
    expect(CUSTOMER_CSV_HEADER).toContain("companyProfile.tenantId");
    expect(CUSTOMER_CSV_HEADER).toContain("billingProfile.defaultAddress.country");
    expect(new Set(CUSTOMER_CSV_HEADER).size).toBe(CUSTOMER_CSV_HEADER.length);
  });

  it("writes a customer that csv-parse reads back, and that reads back as its CSV fields", () => {
    const [header, record] = parse(`${customerCsvHeader()}${customerCsvRecord(customer)}`) as string[][];
    expect(header).toEqual(CUSTOMER_CSV_HEADER);
    const cell = (name: string) => record?.[CUSTOMER_CSV_HEADER.indexOf(name)];
    expect(cell("Company name")).toBe(`'${customer.companyProfile.companyName}`);
    expect(cell("Tags")).toBe("gold; emea");
    expect(cell("companyProfile.address.addressLine1")).toBe("Line 1\nLine 2");
    expect(cell("allowDelegatedAccess")).toBe("true");
    expect(cell("billingProfile.firstName")).toBe("");
    const back = customerFromCsv(header as string[], record as string[]);
    expect(back).toEqual(projectToCsv(customer));
    expect(back).toMatchObject({
      id: customer.id,
      companyProfile: { companyName: customer.companyProfile.companyName, address: { city: "Köln" } },
      tags: ["gold", "emea"],
      allowDelegatedAccess: true,
    });
    expect(back).not.toHaveProperty("links");
  });
});

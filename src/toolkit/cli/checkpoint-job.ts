// A `list --checkpoint` run: its lock, where it resumes, the position after every customer written,
// the saves (at each page's end and wherever it stops: --max, Ctrl-C, a failure, a reader gone),
// and the words that tell the user what to do next ("run the same command again" or "discard the
// checkpoint"). The walk itself stays in commands/list.ts.
import {
  type CustomerCollection,
  type ListCustomersParams,
  PartnerCenterError,
} from "partner-center-customers";
import { plural } from "../conformance/report.js";
import { type ParsedArgs, PROGRAM, UsageError } from "./args.js";
import { isFileWriteError } from "./atomic-write.js";
import {
  type Checkpoint,
  CheckpointSecretError,
  clearCheckpoint,
  discardAdvice,
  readCheckpoint,
  shellWord,
  writeCheckpoint,
} from "./checkpoint.js";
import { type CheckpointLock, lockCheckpoint } from "./checkpoint-lock.js";

/** The saved position does not fit the page the service sent: the checkpoint is of no use. */
export class CheckpointMismatchError extends Error {
  override readonly name = "CheckpointMismatchError";
}

/** One listing's checkpoint, locked for this run. */
export class CheckpointJob {
  #position: Checkpoint;
  #firstPage = true;
  #saveFailed = false;
  /** Customers written up to the position the file holds (`undefined`: no file yet). */
  #lastSaved: number | undefined;

  private constructor(
    readonly file: string,
    readonly saved: Checkpoint | undefined,
    private readonly lock: CheckpointLock,
    private readonly accessToken: string | undefined,
    params: ListCustomersParams,
  ) {
    this.#lastSaved = saved?.customers;
    this.#position = saved ?? {
      continuationToken: null,
      skip: 0,
      pages: 0,
      customers: 0,
      size: params.size,
      filter: params.filter ?? null,
    };
  }

  /**
   * Locks checkpoint `file` (which also proves its folder writable) and reads it, before any
   * request. A `UsageError` when another run holds it, its folder cannot be written or it cannot be
   * used.
   */
  static async open(
    file: string,
    params: ListCustomersParams,
    accessToken: string | undefined,
  ): Promise<CheckpointJob> {
    let lock: CheckpointLock;
    try {
      lock = await lockCheckpoint(file);
    } catch (error) {
      if (!isFileWriteError(error)) throw error;
      throw new UsageError(
        `--checkpoint ${file}: the checkpoint's folder cannot be written, so no place could be saved: ${error.message}`,
      );
    }
    try {
      return new CheckpointJob(file, await readCheckpoint(file, params), lock, accessToken, params);
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  /** The token to start the walk with (`undefined`: from the first page). */
  get startToken(): string | undefined {
    return this.#position.continuationToken ?? undefined;
  }

  /** Customers written over every run, this one included. */
  get customers(): number {
    return this.#position.customers;
  }

  /** "resuming from FILE …", for stderr, when there was a checkpoint. */
  resumingMessage(): string | undefined {
    const saved = this.saved;
    if (saved === undefined) return undefined;
    const inPage = saved.skip === 0 ? "" : ` and ${plural(saved.skip, "customer")} of the next`;
    return `${PROGRAM} list: resuming from ${this.file} after customer ${saved.customers} (${plural(saved.pages, "whole page")}${inPage}).\n`;
  }

  /** The customers of `page` still to write: on the first page of a resumed walk, those after the saved position. */
  itemsOf(page: CustomerCollection): CustomerCollection["items"] {
    if (!this.#firstPage) return page.items;
    this.#firstPage = false;
    const skip = this.#position.skip;
    if (skip > page.items.length) {
      throw new CheckpointMismatchError(
        `${this.file} says ${skip} customers of this page were already listed, but the service sent ${page.items.length}: the checkpoint does not fit this listing. ${discardAdvice(this.file)}.`,
      );
    }
    return skip === 0 ? page.items : page.items.slice(skip);
  }

  /** One more customer of the current page was written. */
  wrote(): void {
    const p = this.#position;
    this.#position = { ...p, skip: p.skip + 1, customers: p.customers + 1 };
  }

  /** The current page is written whole: with a next page, the position moves there and is saved. */
  async pageDone(next: string | undefined): Promise<void> {
    if (next === undefined) return;
    const p = this.#position;
    this.#position = { ...p, continuationToken: next, skip: 0, pages: p.pages + 1 };
    await this.save();
  }

  /** Saves the position (a `FileWriteError` names the file when it cannot be written). */
  async save(): Promise<void> {
    try {
      await writeCheckpoint(this.file, this.#position, this.accessToken);
      this.#lastSaved = this.#position.customers;
    } catch (error) {
      this.#saveFailed = true;
      throw error;
    }
  }

  /** Saves the position when it stops after a failure; says so when that failed too. */
  async saveAfterFailure(): Promise<string> {
    if (this.#saveFailed) return "";
    try {
      await this.save();
      return "";
    } catch (error) {
      return ` Saving the position failed too: ${(error as Error).message}`;
    }
  }

  /** The listing is complete: the checkpoint is removed (a rerun starts from the first page). */
  async complete(): Promise<void> {
    await clearCheckpoint(this.file);
  }

  /** Gives up the lock. */
  release(): Promise<void> {
    return this.lock.release();
  }

  /**
   * What the user should do after `error` stopped the walk: "discard the checkpoint" when it cannot
   * be used any more, "run the same command again" when a rerun can continue, and for a refused
   * token, what to fix first (a rerun with the same token fails the same way).
   */
  adviceAfter(error: unknown, pagesThisRun: number, tokenEnv: string, resume: string): string {
    const after = `after customer ${this.#position.customers}`;
    if (error instanceof CheckpointMismatchError || error instanceof CheckpointSecretError) return "";
    if (this.#saveFailed || isFileWriteError(error)) {
      return this.#lastSaved === undefined
        ? ` No position could be saved: once ${this.file} can be written, the same command starts from the first customer:\n  ${resume}`
        : ` ${this.file} keeps the position after customer ${this.#lastSaved}; once it can be written, the same command continues from there:\n  ${resume}`;
    }
    if (error instanceof PartnerCenterError) {
      if (error.status === 400 && pagesThisRun === 0 && this.saved?.continuationToken) {
        return ` The service no longer accepts the checkpoint's continuation token. ${discardAdvice(this.file)}.`;
      }
      if (error.status === 401 || error.status === 403) {
        return ` ${this.file} keeps the position (${after}): once ${tokenEnv} holds a token that may list the customers, this command continues from there:\n  ${resume}`;
      }
    }
    return ` Saved the position (${after}) in ${this.file}: run the same command again to continue:\n  ${resume}`;
  }
}

/**
 * The command line that continues a listing: `pc-customers list` with the options of this run,
 * each shell-quoted (no token: it comes from the environment).
 */
export function resumeCommand(args: ParsedArgs): string {
  const words = [PROGRAM, "list"];
  for (const [name, value] of Object.entries(args.values)) {
    if (value === undefined || value === false || name === "help") continue;
    for (const one of Array.isArray(value) ? value : [value]) {
      if (one === true) words.push(`--${name}`);
      else if (typeof one === "string")
        words.push(one.startsWith("-") ? shellWord(`--${name}=${one}`) : `--${name} ${shellWord(one)}`);
    }
  }
  return words.join(" ");
}

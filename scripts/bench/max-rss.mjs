// Preloaded into a measured child (`node --import`): writes its peak resident set size to stderr
// as it exits, however it exits, so the bench can read the memory a whole run took.
import { writeSync } from "node:fs";

process.on("exit", () => {
  writeSync(2, `\nbench-max-rss-kb ${process.resourceUsage().maxRSS}\n`);
});

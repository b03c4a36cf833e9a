import { measurePaced } from "./paced.js";
const r = await measurePaced();
console.log(r.throttled, r.totalMs, r.peakInWindow);

/** Looks up the edition a view belongs to. */
export { editionFor } from "../src/pages/chrome.ts";

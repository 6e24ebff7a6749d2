/** The thread that parses folders ahead of a first load (src/model/parse-ahead.ts starts it). */
import { workerData } from "node:worker_threads";
import { type ParseAheadData, runParseAhead } from "./parse-ahead.ts";

runParseAhead(workerData as ParseAheadData);

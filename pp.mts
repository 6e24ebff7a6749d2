import { readdirSync, statSync } from "node:fs";
import { topSelfTime } from "./src/bench/profile.ts";

const f = readdirSync("/tmp/prof3")
  .map((f) => "/tmp/prof3/" + f)
  .sort((a, b) => statSync(b).size - statSync(a).size)[0];
console.log(topSelfTime(f, 25));

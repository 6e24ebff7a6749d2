/**
 * `npm start` sees every save, however it is made (issue 17): by renaming a temporary file over
 * the article (sed -i, vim, IDEs), by writing in place, by `git checkout`, many files at once.
 * Each step waits for the page or the log line it expects (up to 30 s, so a slow machine does
 * not fail the test) and then checks how the preview got there.
 *
 * NEWSROOM_PREVIEW_STRESS=20 repeats the rename-save 20 times with two CPU-bound processes
 * beside the preview and prints how long each save took to show.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { PREVIEW_DIR, type PreviewServer, startPreview } from "../../src/pipeline/preview.ts";
import { article, makeSite } from "../helpers/site.ts";

const STRESS = Number(process.env.NEWSROOM_PREVIEW_STRESS ?? 0);
const FOLDER = "content/articles/eng/2025/03";
const PUBLIC = `${FOLDER}/public.md`;
const NEW_STORY = "content/articles/eng/2026/new-story.md";
const MANY = Array.from({ length: 20 }, (_, i) => `${FOLDER}/story-${i}.md`);
const story = (file: string, text: string) => article({ title: `Story ${path.basename(file, ".md")}` }, `A lead paragraph.\n\n${text}\n`);
const FULL_BUILD = /^preview: \d+ articles, \d+ pages in [\d.]+ s, after a change to /;
const QUICK = /^preview: content\/articles\/eng\/2025\/03\/public\.md: \d+ written, 0 removed in \d+ ms$/;

describe("the preview sees every save", () => {
  const dir = makeSite({
    [PUBLIC]: story(PUBLIC, "First version."),
    ...Object.fromEntries(MANY.map((f) => [f, story(f, "First version.")])),
  });
  const page = (file: string) => path.join(dir, PREVIEW_DIR, "eng/news/2025/03/27", path.basename(file, ".md"), "index.html");
  const shows = (file: string, text: string) => {
    try {
      return readFileSync(page(file), "utf8").includes(text);
    } catch {
      return false;
    }
  };
  const log: string[] = [];
  let server: PreviewServer;

  /** Waits until `check` holds; fails with the log after 30 s. */
  async function until(what: string, check: () => boolean): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (!check()) {
      if (Date.now() > deadline) assert.fail(`${what}: not seen in 30 s\n${log.join("\n")}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  /** The log lines from `from` on, once one of them matches `line`. */
  async function logged(line: RegExp, from: number): Promise<string[]> {
    await until(String(line), () => log.slice(from).some((l) => line.test(l)));
    return log.slice(from);
  }
  /** How sed -i, vim and many editors save: a temporary file in the same folder, renamed over the file. */
  function renameSave(file: string, text: string, temp = "sedX9fQ2a") {
    const tmp = path.join(dir, path.dirname(file), temp);
    writeFileSync(tmp, text);
    renameSync(tmp, path.join(dir, file));
  }
  /** `sed -i`, run without blocking the preview, as an editor's tool runs beside it. */
  const sed = (script: string, file: string) =>
    new Promise<void>((resolve, reject) =>
      spawn("sed", ["-i", script, file], { cwd: dir, stdio: "ignore" }).on("exit", (code) =>
        code === 0 ? resolve() : reject(new Error(`sed exited with ${code}`)),
      ),
    );
  const git = (...args: string[]) => {
    const r = spawnSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.org", ...args], { cwd: dir, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
  };

  before(async () => {
    process.env.SOURCE_DATE_EPOCH = String(Date.UTC(2025, 3, 1) / 1000);
    server = await startPreview(dir, 19_000 + (process.pid % 1000), (line) => log.push(line));
  });
  after(async () => {
    await server.close();
    delete process.env.SOURCE_DATE_EPOCH;
  });

  it("shows a text edit saved by rename as an update (no full build), and every save after it, in place or by rename", async () => {
    const from = log.length;
    for (let i = 1; i <= 3; i++) {
      renameSave(PUBLIC, story(PUBLIC, `Renamed version ${i}.`));
      await until(`rename-save ${i}`, () => shows(PUBLIC, `Renamed version ${i}.`));
      // After a rename, the watch must follow the new file: an in-place save shows too.
      writeFileSync(path.join(dir, PUBLIC), story(PUBLIC, `In-place version ${i}.`));
      await until(`in-place save ${i}`, () => shows(PUBLIC, `In-place version ${i}.`));
    }
    // The page is written before the line that says so.
    await until("six quick re-renders", () => log.slice(from).filter((l) => QUICK.test(l)).length >= 6);
    const lines = log.slice(from);
    // Six saves, six quick re-renders: the temporary file is no change and forces no full build.
    assert.equal(lines.filter((l) => QUICK.test(l)).length, 6, lines.join("\n"));
    assert.deepEqual(
      lines.filter((l) => !QUICK.test(l)),
      [],
    );
  });

  it("ignores editors' scratch files and saves that leave the bytes as they were", async () => {
    const from = log.length;
    const folder = path.join(dir, FOLDER);
    // vim: a write test, a backup renamed away, the new file, a swap file; emacs: a lock and an auto-save; sed: its temp.
    writeFileSync(path.join(folder, "4913"), "");
    renameSync(path.join(dir, PUBLIC), path.join(folder, "public.md~"));
    writeFileSync(path.join(dir, PUBLIC), readFileSync(path.join(folder, "public.md~")));
    for (const scratch of [".public.md.swp", "#public.md#", "public.md___jb_tmp___", "sedAb12Cd"]) writeFileSync(path.join(folder, scratch), "x");
    // The same bytes again, by rename and in place.
    renameSave(PUBLIC, readFileSync(path.join(dir, PUBLIC), "utf8"));
    writeFileSync(path.join(dir, MANY[0] as string), readFileSync(path.join(dir, MANY[0] as string)));
    // Then one real edit: the only update logged.
    renameSave(MANY[1] as string, story(MANY[1] as string, "Second version."));
    const lines = await logged(/^preview: content\/articles\/eng\/2025\/03\/story-1\.md: \d+ written, 0 removed in \d+ ms$/, from);
    assert.equal(lines.length, 1, lines.join("\n"));
  });

  it("says why an edit breaks an article, and says it is fixed and re-renders when the fix is saved", async () => {
    let from = log.length;
    renameSave(PUBLIC, article({ title: "Story public", date: "tomorrow" }));
    const broken = await logged(/^content\/articles\/eng\/2025\/03\/public\.md:3 {2}date: expected a date and time such as "2025-03-27 13:15"/, from);
    assert.ok(!broken.some((l) => QUICK.test(l)), broken.join("\n"));
    assert.ok(shows(PUBLIC, "In-place version 3."), "the last good page is still served");
    // Still broken, saved in place: said again.
    from = log.length;
    writeFileSync(path.join(dir, PUBLIC), article({ title: "Story public", date: "tomorrow" }, "Still broken.\n"));
    await logged(/^content\/articles\/eng\/2025\/03\/public\.md:3 {2}date: expected a date and time/, from);
    from = log.length;
    renameSave(PUBLIC, story(PUBLIC, "Fixed version."));
    const lines = await logged(QUICK, from);
    assert.deepEqual(lines, [`preview: ${PUBLIC} is fixed`, lines[1]], lines.join("\n"));
    assert.ok(shows(PUBLIC, "Fixed version."));
  });

  it("says a broken article that is deleted was removed, not that it is fixed", async () => {
    let from = log.length;
    const file = `${FOLDER}/broken-then-deleted.md`;
    renameSave(file, article({ title: "Never right", date: "tomorrow" }));
    await logged(/^content\/articles\/eng\/2025\/03\/broken-then-deleted\.md:3 {2}date: expected a date and time/, from);
    from = log.length;
    rmSync(path.join(dir, file));
    const lines = await logged(FULL_BUILD, from);
    assert.deepEqual(lines, [`preview: ${file} was removed`, lines[1]], lines.join("\n"));
  });

  it("shows all of 20 files saved at once, and a save made while the preview builds them", async () => {
    const from = log.length;
    for (const [i, file] of MANY.entries()) {
      if (i % 2) writeFileSync(path.join(dir, file), story(file, "Burst version."));
      else renameSave(file, story(file, "Burst version."), `sed${String(i).padStart(6, "0")}`);
    }
    // The full build writes into a temporary folder beside the preview's until it is done.
    const building = () => readdirSync(path.join(dir, PREVIEW_DIR, "..")).some((f) => f.startsWith("_site.tmp-"));
    await until("the build of 20 files", building);
    renameSave(PUBLIC, story(PUBLIC, "Saved during the build."));
    assert.ok(!log.slice(from).some((l) => FULL_BUILD.test(l)), "the save was made before the build ended");
    await until("all 20 files", () => MANY.every((f) => shows(f, "Burst version.")));
    await until("the save made during the build", () => shows(PUBLIC, "Saved during the build."));
    const lines = await logged(QUICK, from);
    // 21 articles of one tag, author and section: each list's own page holds them all (lists are numbered from the oldest, src/model/pagination.ts).
    assert.match(lines[0] as string, /^preview: 21 articles, 39 pages in [\d.]+ s, after a change to 20 files$/, lines.join("\n"));
    assert.equal(lines.length, 2, lines.join("\n"));
  });

  it("shows the version `git checkout` puts in place: one file, and a branch that adds and removes articles", async () => {
    // The preview's output is not the repository's: a checkout must not put old pages back.
    writeFileSync(path.join(dir, ".gitignore"), ".cache/\n");
    git("init", "-q", "-b", "main");
    git("add", ".");
    git("commit", "-qm", "first");
    writeFileSync(path.join(dir, PUBLIC), story(PUBLIC, "Committed version."));
    let from = log.length;
    await until("the committed version", () => shows(PUBLIC, "Committed version."));
    await logged(QUICK, from);
    git("commit", "-qam", "second");
    from = log.length;
    git("checkout", "-q", "HEAD~1", "--", PUBLIC);
    await until("the checked-out version", () => shows(PUBLIC, "Saved during the build."));
    assert.ok((await logged(QUICK, from)).length >= 1, "a text edit made by git checkout is an update, not a full build");
    from = log.length;
    git("checkout", "-q", "HEAD", "--", PUBLIC);
    await until("back to the committed version", () => shows(PUBLIC, "Committed version."));
    await logged(QUICK, from);

    from = log.length;
    const branches = from;
    git("checkout", "-q", "-b", "other");
    // In a folder of its own, which every checkout of main removes and of the branch makes again.
    mkdirSync(path.join(dir, NEW_STORY, ".."), { recursive: true });
    writeFileSync(path.join(dir, NEW_STORY), story(NEW_STORY, "A story only on the branch."));
    writeFileSync(path.join(dir, PUBLIC), story(PUBLIC, "Branch version."));
    git("rm", "-q", MANY[2] as string);
    git("add", ".");
    git("commit", "-qm", "branch");
    await until("the branch", () => shows(NEW_STORY, "A story only on the branch.") && shows(PUBLIC, "Branch version."));
    await logged(FULL_BUILD, from);
    from = log.length;
    git("checkout", "-q", "main");
    await until("main again", () => shows(PUBLIC, "Committed version.") && shows(MANY[2] as string, "Burst version."));
    await until("the branch's story gone", () => !shows(NEW_STORY, "A story only on the branch."));
    await logged(FULL_BUILD, from);
    for (const branch of ["other", "main", "other"]) {
      from = log.length;
      git("checkout", "-q", branch);
      const onBranch = branch === "other";
      await until(
        `${branch} again`,
        () => shows(NEW_STORY, "A story only on the branch.") === onBranch && shows(PUBLIC, onBranch ? "Branch version." : "Committed version."),
      );
      await logged(FULL_BUILD, from);
    }
    assert.ok(!log.slice(branches).some((l) => /error/.test(l)), log.slice(branches).join("\n"));
  });

  it("refuses a new article outside the edition folders, as the build does, and goes on when it is moved", async () => {
    const wrong = "content/articles/ENG/2025/03/shouting.md";
    let from = log.length;
    mkdirSync(path.join(dir, wrong, ".."), { recursive: true });
    writeFileSync(path.join(dir, wrong), story(wrong, "In the wrong folder."));
    await logged(/^content\/articles\/ENG\/2025\/03\/shouting\.md:1 {2}expected an article in an edition's folder .*did you mean "eng"\?$/m, from);
    assert.ok(!shows(wrong, "In the wrong folder."), "not published in any edition");
    from = log.length;
    const right = `${FOLDER}/shouting.md`;
    renameSync(path.join(dir, wrong), path.join(dir, right));
    await until("the moved article", () => shows(right, "In the wrong folder."));
    await logged(FULL_BUILD, from);
  });

  it("shows an edit to the site config: the running process loads the file as it is now", async () => {
    const config = path.join(dir, "content/site.config.ts");
    const from = log.length;
    writeFileSync(config, readFileSync(config, "utf8").replace('"name": "Ukrainska Pravda"', '"name": "Ukrainska Pravda Renamed"'));
    await until("the new edition name", () => shows(PUBLIC, "Ukrainska Pravda Renamed"));
    await logged(FULL_BUILD, from);
  });

  it(`shows ${STRESS || 3} rename-saves in a row${STRESS ? " with two CPU-bound processes beside the preview" : ""}`, async (t) => {
    const burners: ChildProcess[] = STRESS ? [0, 1].map(() => spawn(process.execPath, ["-e", "for(;;){}"], { stdio: "ignore" })) : [];
    try {
      const latencies: number[] = [];
      for (let i = 1; i <= (STRESS || 3); i++) {
        const from = log.length;
        const saved = performance.now();
        // Odd saves rename a file written here over the article; even ones run sed -i, another process that does the same.
        if (i % 2) renameSave(PUBLIC, story(PUBLIC, `Stress version ${i}.`), `sed${String(i).padStart(6, "s")}`);
        else await sed(`s/Stress version ${i - 1}./Stress version ${i}./`, PUBLIC);
        await until(`rename-save ${i}`, () => shows(PUBLIC, `Stress version ${i}.`));
        latencies.push(Math.round(performance.now() - saved));
        await logged(QUICK, from);
        assert.ok(!log.slice(from).some((l) => FULL_BUILD.test(l)), log.slice(from).join("\n"));
      }
      t.diagnostic(`save to page, ms: ${latencies.join(" ")}`);
    } finally {
      for (const burner of burners) burner.kill();
    }
  });
});

/** The local backend's check of a save: the problems `npm run check` reports for the file, before it is written. */
import assert from "node:assert/strict";
import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, it } from "node:test";
import { checkFile, localBackend } from "../../src/cms/local-backend.ts";
import { formatProblem } from "../../src/errors/problem.ts";
import { article, makeSite } from "../helpers/site.ts";

describe("the local backend's check of a save", () => {
  const dir = makeSite({});
  const lines = async (file: string, text: string) => (await checkFile(dir, file, text)).map(formatProblem);

  it("passes a valid article and refuses an invalid one with file:line messages", async () => {
    assert.deepEqual(await lines("content/articles/eng/2025/03/ok.md", article({})), []);
    assert.deepEqual(await lines("content/articles/eng/2025/03/bad.md", article({ authors: "[nobody]", date: '""' })), [
      'content/articles/eng/2025/03/bad.md:3  date: expected a date and time such as "2025-03-27 13:15" or "2025-03-27T13:15+02:00", received ""',
      'content/articles/eng/2025/03/bad.md:4  authors[0]: unknown author "nobody" (known ids: anastasia-protz, ulyana-krychkovska; add content/authors/nobody.yaml for a new author)',
    ]);
  });

  it("refuses an author whose file name is not an id, or whose fields are wrong", async () => {
    const [id] = await lines("content/authors/олена-петренко.yaml", "name: Олена Петренко\n");
    assert.match(id ?? "", /^content\/authors\/олена-петренко\.yaml:1 {2}expected .*olena-petrenko/);
    assert.deepEqual(await lines("content/authors/olena.yaml", "name: Olena\nurl: ftp://x\n"), [
      'content/authors/olena.yaml:2  url: expected a web address starting with https://, received "ftp://x"',
    ]);
    assert.deepEqual(await lines("content/authors/olena.yaml", "name: Olena\n"), []);
  });

  it("lets other files through (photos, the media folder)", async () => {
    assert.deepEqual(await lines("content/media/x.txt", "anything"), []);
  });

  it("answers only this computer: the preview listens on every interface", async () => {
    const handler = await localBackend(dir, "/", () => {});
    const answer: { status?: number; body?: string } = {};
    const res = {
      writeHead(status: number) {
        answer.status = status;
        return this;
      },
      end(body: string) {
        answer.body = body;
      },
    } as unknown as ServerResponse;
    const req = { method: "POST", url: "/admin/api/v1", socket: { remoteAddress: "192.168.1.20" } } as unknown as IncomingMessage;
    let passed = false;
    handler(req, res, () => {
      passed = true;
    });
    assert.equal(passed, false);
    assert.deepEqual(answer, { status: 403, body: JSON.stringify({ error: "the CMS's local backend answers only this computer (localhost)" }) });
    // Anything else is not the backend's.
    handler({ method: "GET", url: "/eng/", socket: { remoteAddress: "192.168.1.20" } } as unknown as IncomingMessage, res, () => {
      passed = true;
    });
    assert.equal(passed, true);
  });
});

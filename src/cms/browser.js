/**
 * Our additions to Decap CMS, loaded after it on /admin/. Saves: Decap writes an optional field
 * left empty as `""` (or `[]`), which `npm run check` refuses (`updated: expected a date…,
 * received ""`): empty values are dropped before the file is written, as an editor would.
 * The preview pane (Decap's registerPreviewTemplate): the article as our layout prints it
 * (layouts/article.ts's markup, styled by the site's stylesheet), in its edition's language and on
 * the newsroom's clock. Under `npm start` it also asks the local backend to check what the form
 * holds and lists the problems `npm run check` would report, `file:line  field: …`, above it.
 * Plain browser script: `CMS`, `h` and `createClass` are Decap's globals; `NEWSROOM_CMS` is
 * written before it by src/cms/admin.ts.
 */
(() => {
  const data = window.NEWSROOM_CMS;
  const { CMS, h, createClass } = window;
  CMS.registerPreviewStyle(data.stylesheet);

  const plain = (value) => (value && typeof value.toJS === "function" ? value.toJS() : value);
  const nameOf = (id, lang) => {
    const name = data.authors[id];
    if (!name) return id;
    return typeof name === "string" ? name : (name[lang] ?? Object.values(name)[0] ?? id);
  };
  /** "2025-03-27 13:15" is the newsroom's clock: printed as written, in the edition's words. */
  const dateline = (value, locale) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})/.exec(String(value ?? ""));
    if (!m) return String(value ?? "");
    const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]));
    return new Intl.DateTimeFormat(locale, {
      weekday: "long",
      day: "numeric",
      month: "long",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      timeZone: "UTC",
    }).format(date);
  };
  const yamlText = (value) => JSON.stringify(value);
  /** The entry as the file the CMS would write (front matter in YAML's JSON subset, then the body). */
  const fileText = (fields, body) => {
    const lines = Object.entries(fields)
      .filter(([, v]) => v !== undefined && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0))
      .map(([k, v]) => `${k}: ${yamlText(v)}`);
    return `---\n${lines.join("\n")}\n---\n${body ?? ""}\n`;
  };

  const articlePreview = (editionId) => {
    const edition = data.editions[editionId];
    return createClass({
      getInitialState() {
        return { problems: [] };
      },
      componentDidMount() {
        this.check();
      },
      componentDidUpdate(previous) {
        if (previous.entry !== this.props.entry) this.check();
      },
      componentWillUnmount() {
        clearTimeout(this.timer);
      },
      check() {
        if (!data.checkUrl) return;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => {
          const entry = this.props.entry;
          const { body, ...fields } = plain(entry.get("data")) ?? {};
          const slug = entry.get("slug") || "new-article";
          const when = /^(\d{4})-(\d{2})/.exec(String(fields.date ?? "")) ?? [];
          const file = entry.get("path") || `content/articles/${editionId}/${when[1] ?? "0000"}/${when[2] ?? "00"}/${slug}.md`;
          fetch(data.checkUrl, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ path: file, raw: fileText(fields, body) }),
          })
            .then((r) => r.json())
            .then((answer) => this.setState({ problems: answer.problems ?? [answer.error] }))
            .catch(() => this.setState({ problems: [] }));
        }, 400);
      },
      render() {
        const { entry, widgetFor, getAsset } = this.props;
        const a = plain(entry.get("data")) ?? {};
        const ui = edition.ui;
        const authors = (a.authors ?? []).map((id) => nameOf(id, edition.lang)).join(", ");
        const source = a.source?.name ? a.source : undefined;
        const image = a.image?.src ? a.image : undefined;
        const problems = this.state.problems.length
          ? h(
              "div",
              { className: "preview-banner cms-problems", role: "alert" },
              h(
                "ul",
                {},
                this.state.problems.map((p) => h("li", { key: p }, h("code", {}, p))),
              ),
            )
          : null;
        return h(
          "main",
          { lang: edition.lang, id: "main" },
          problems,
          a.draft ? h("p", { className: "preview-banner", role: "status" }, ui.draft) : null,
          h(
            "article",
            { className: "article" },
            h(
              "header",
              { className: "article-header" },
              h("h1", {}, a.title ?? ""),
              authors ? h("p", { className: "byline" }, authors) : null,
              h("p", { className: "dateline" }, h("time", {}, dateline(a.date, edition.locale))),
              a.updated ? h("p", { className: "updated" }, `${ui.updated}: `, h("time", {}, dateline(a.updated, edition.locale))) : null,
            ),
            image
              ? h(
                  "figure",
                  { className: "lead-photo" },
                  h("img", { src: getAsset(image.src).toString(), alt: image.alt ?? "" }),
                  h("figcaption", {}, [image.caption, image.credit ? `${ui.photo}: ${image.credit}` : ""].filter(Boolean).join(". ")),
                )
              : null,
            h("div", { className: "article-body" }, widgetFor("body")),
            a.background?.length
              ? h(
                  "section",
                  { className: "background" },
                  h("h2", {}, `${ui.background}:`),
                  h(
                    "ul",
                    {},
                    a.background.map((b, i) => h("li", { key: i }, b)),
                  ),
                )
              : null,
            source
              ? h(
                  "p",
                  { className: "source" },
                  h("span", { className: "label" }, `${ui.source}:`),
                  " ",
                  source.url ? h("a", { href: source.url }, source.name) : source.name,
                  source.via ? ` ${ui.withReferenceTo} ${source.via}` : "",
                )
              : null,
            a.corrections?.length
              ? h(
                  "aside",
                  { className: "corrections" },
                  h("h2", {}, ui.corrections),
                  h(
                    "ul",
                    {},
                    a.corrections.map((c, i) => h("li", { key: i }, h("time", {}, dateline(c.date, edition.locale)), `: ${c.text ?? ""}`)),
                  ),
                )
              : null,
            h(
              "footer",
              { className: "article-footer" },
              a.section ? h("p", { className: "section" }, edition.sections[a.section] ?? a.section) : null,
              h(
                "ul",
                { className: "tags", "aria-label": ui.tags },
                (a.tags ?? []).map((t) => h("li", { key: t }, h("a", { href: "#", rel: "tag" }, t))),
              ),
            ),
          ),
        );
      },
    });
  };

  const isEmpty = (v) => v === undefined || v === null || v === "" || (v && typeof v.toJS === "function" && v.size === 0);
  /** Immutable maps and lists without their empty values, deeply. */
  const prune = (v) => (v && typeof v.toJS === "function" && typeof v.filter === "function" ? v.map(prune).filter((x) => !isEmpty(x)) : v);
  CMS.registerEventListener({
    name: "preSave",
    handler: ({ entry }) => {
      const fields = entry.get("data");
      const body = fields.get("body");
      const pruned = prune(fields);
      return body === undefined ? pruned : pruned.set("body", body);
    },
  });

  // Decap's preview frame has no name for screen readers: it gets one.
  new MutationObserver(() => {
    for (const frame of document.querySelectorAll("iframe:not([title])")) frame.setAttribute("title", "Preview of the article");
  }).observe(document.body, { childList: true, subtree: true });

  for (const id of Object.keys(data.editions)) CMS.registerPreviewTemplate(`articles-${id}`, articlePreview(id));
})();

/// The pages' only stylesheet, built into the binary: no CDN, no build step. Entity types are colours that
/// stay readable as text and for colour-blind readers (distinct in lightness too), and each also has an
/// underline style, so that marks never depend on colour alone.
enum Stylesheet {
    static let css = """
    :root { --ink: #1d1d1f; --muted: #5f6368; --line: #dadce0; --accent: #174ea6; --bg: #fff; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
    a { color: var(--accent); }
    header.top { display: flex; gap: 1rem; align-items: center; padding: .6rem 1rem; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
    .brand { font-weight: 700; font-size: 1.2rem; text-decoration: none; color: var(--ink); }
    form.search { display: flex; flex: 1; gap: .4rem; min-width: 16rem; }
    form.search input { flex: 1; font: inherit; padding: .35rem .6rem; border: 1px solid var(--line); border-radius: 6px; }
    button { font: inherit; padding: .35rem .9rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
    nav a { margin-left: .6rem; }
    main { padding: 1rem; max-width: 80rem; margin: 0 auto; }
    .with-side { display: grid; grid-template-columns: minmax(0, 1fr) 18rem; gap: 2rem; }
    @media (max-width: 50rem) { .with-side { grid-template-columns: 1fr; } }
    .summary { color: var(--muted); }
    .notice { color: #8a4b00; }
    .error { color: #b3261e; }
    .error pre.query { background: #fbe9e7; padding: .4rem .6rem; border-radius: 4px; white-space: pre-wrap; }
    .error-at { background: #b3261e; color: #fff; }
    ol.hits { padding-left: 0; list-style: none; }
    li.hit { margin: 0 0 1.2rem; }
    .hit .rank { color: var(--muted); }
    .hit .title { font-size: 1.1rem; }
    .path { color: #188038; font-size: .85rem; word-break: break-all; }
    .snippet { margin: .2rem 0; }
    .m { background: #fde293; font-weight: 600; }
    .e { border-bottom: 2px solid; padding: 0 1px; text-decoration: none; color: inherit; }
    .e-PERSON { background: #e8f0fe; border-color: #1a73e8; }
    .e-ORG { background: #fce8e6; border-color: #c5221f; border-bottom-style: double; border-bottom-width: 3px; }
    .e-PLACE { background: #e6f4ea; border-color: #137333; border-bottom-style: dashed; }
    .e-NORP { background: #f3e8fd; border-color: #8430ce; border-bottom-style: dotted; }
    .e-DATE { background: #fef7e0; border-color: #b06000; }
    .e-MONEY { background: #e4f7fb; border-color: #007b83; border-bottom-style: dashed; }
    .e-PERCENT { background: #f1f3f4; border-color: #5f6368; border-bottom-style: dotted; }
    .m.e { background: #fde293; }
    ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem; font-size: .8rem; }
    ul.chips { list-style: none; padding: 0; display: flex; gap: .4rem; flex-wrap: wrap; }
    .chip { background: #e8f0fe; border-radius: 1rem; padding: .1rem .7rem; }
    .chip a { text-decoration: none; margin-left: .3rem; }
    aside.facets h3 { font-size: .9rem; margin: 1rem 0 .3rem; color: var(--muted); text-transform: uppercase; letter-spacing: .03em; }
    aside.facets ul { list-style: none; padding: 0; margin: 0; }
    aside.facets li { margin: .15rem 0; }
    .count { color: var(--muted); font-size: .85rem; }
    nav.pages { margin: 1rem 0; }
    nav.pages a { margin-right: 1rem; }
    .document .text { white-space: pre-wrap; line-height: 1.7; }
    .occurrence ul { padding-left: 1rem; }
    .line { color: var(--muted); font-size: .8rem; }
    table.entities { border-collapse: collapse; width: 100%; }
    table.entities th, table.entities td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
    code { background: #f1f3f4; padding: 0 .25rem; border-radius: 3px; }
    """
}

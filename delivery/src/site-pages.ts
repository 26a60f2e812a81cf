import { formatMinutes, type Lesson } from './course.js';

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The file a lesson's page is written to, relative to the site root. */
export function pageFile(lesson: Lesson): string {
  return `${lesson.stem}.html`;
}

const STYLE = `
  body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid #ddd; }
  td.time, th.time { white-space: nowrap; text-align: right; }
  a { color: #0b5cad; }
  footer { margin-top: 2rem; color: #666; font-size: .9rem; }`;

/** The site's index: every lesson in course order with its time and a link to its page. */
export function indexPage(lessons: readonly Lesson[], options: { title?: string; generated?: string } = {}): string {
  const title = options.title ?? 'Streamlab — Streaming e Real-time';
  const rows = lessons
    .map(
      (lesson) =>
        `      <tr><td>${escapeHtml(lesson.number)}</td><td><a href="${escapeHtml(pageFile(lesson))}">${escapeHtml(lesson.title)}</a></td>` +
        `<td class="time">${escapeHtml(formatMinutes(lesson.minutes))}</td></tr>`,
    )
    .join('\n');
  const total = lessons.reduce((sum, lesson) => sum + (lesson.minutes ?? 0), 0);
  return `<!DOCTYPE html>
<html lang="pt-BR">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)}</title>
  <link rel="icon" href="data:,">
  <style>${STYLE}
  </style>
</head>
<body>
  <h1>${escapeHtml(title)}</h1>
  <p>Os notebooks do módulo, em ordem, já executados contra o ambiente real: gráficos e saídas são os que o broker produziu.</p>
  <table>
    <thead><tr><th>#</th><th>notebook</th><th class="time">tempo</th></tr></thead>
    <tbody>
${rows}
    </tbody>
    <tfoot><tr><td></td><td>total</td><td class="time">${escapeHtml(formatMinutes(total || undefined))}</td></tr></tfoot>
  </table>
  <footer>${escapeHtml(options.generated ?? '')}</footer>
</body>
</html>
`;
}

/** "06 · Janelas": the title, with the lesson's number in front unless the heading already starts with it. */
export function numberedTitle(lesson: Lesson): string {
  return lesson.title.startsWith(lesson.number) ? lesson.title : `${lesson.number} · ${lesson.title}`;
}

/** Links from one page to the previous lesson, the index and the next lesson. */
export function navigationBar(lessons: readonly Lesson[], index: number): string {
  const link = (lesson: Lesson | undefined, label: string, rel: string): string =>
    lesson
      ? `<a rel="${rel}" href="${escapeHtml(pageFile(lesson))}">${label} ${escapeHtml(numberedTitle(lesson))}</a>`
      : `<span></span>`;
  return (
    `<nav class="streamlab-nav" style="display:flex;justify-content:space-between;gap:1rem;padding:.6rem 1rem;` +
    `font-family:sans-serif;font-size:.95rem;border-bottom:1px solid #ddd;background:#f7f7f7">` +
    `${link(lessons[index - 1], '←', 'prev')}<a rel="index" href="index.html">índice</a>${link(lessons[index + 1], '→', 'next')}</nav>`
  );
}

/**
 * An nbconvert page with the navigation bar at its top and bottom and no favicon request
 * (a 404 there would be a console error). Throws when the page has no `<body>`.
 */
export function withNavigation(html: string, nav: string): string {
  const open = /<body[^>]*>/i.exec(html);
  const close = html.toLowerCase().lastIndexOf('</body>');
  if (!open || close < 0) throw new Error('an nbconvert page without <body>: cannot add navigation');
  const bodyStart = open.index + open[0].length;
  const withHead = html.slice(0, bodyStart).replace(/<head([^>]*)>/i, '<head$1>\n<link rel="icon" href="data:,">');
  return `${withHead}\n${nav}\n${html.slice(bodyStart, close)}\n${nav}\n${html.slice(close)}`;
}

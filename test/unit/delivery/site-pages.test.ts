import { describe, expect, it } from 'vitest';
import type { Lesson } from '../../../delivery/src/course';
import { escapeHtml, indexPage, navigationBar, numberedTitle, withNavigation } from '../../../delivery/src/site-pages';

const lessons: Lesson[] = [
  { stem: '00-ambiente', number: '00', title: '00 · Ambiente', minutes: 30 },
  { stem: '05-cdc', number: '05', title: '05 · CDC <Debezium>' },
  { stem: '06-janelas', number: '06', title: '06 · Janelas', minutes: 60 },
];

describe('the site index', () => {
  it('lists every lesson in order with its link and time, "—" when unknown, and the total', () => {
    const html = indexPage(lessons);
    const rows = [...html.matchAll(/<tr><td>(\d\d)<\/td><td><a href="([^"]+)">([^<]+)<\/a><\/td><td class="time">([^<]+)<\/td><\/tr>/g)].map((m) => m.slice(1));
    expect(rows).toEqual([
      ['00', '00-ambiente.html', '00 · Ambiente', '~30 min'],
      ['05', '05-cdc.html', '05 · CDC &#60;Debezium&#62;', '—'],
      ['06', '06-janelas.html', '06 · Janelas', '~60 min'],
    ]);
    expect(html).toContain('<td>total</td><td class="time">~90 min</td>');
    expect(html).not.toMatch(/https?:\/\//);
  });
});

describe('navigation between pages', () => {
  it('links the first page to the index and the next one only', () => {
    const nav = navigationBar(lessons, 0);
    expect([...nav.matchAll(/rel="(\w+)" href="([^"]+)"/g)].map((m) => `${m[1]}:${m[2]}`)).toEqual(['index:index.html', 'next:05-cdc.html']);
  });

  it('links a middle page to both neighbours and the last one back only', () => {
    expect([...navigationBar(lessons, 1).matchAll(/rel="(\w+)" href="([^"]+)"/g)].map((m) => `${m[1]}:${m[2]}`)).toEqual(['prev:00-ambiente.html', 'index:index.html', 'next:06-janelas.html']);
    expect([...navigationBar(lessons, 2).matchAll(/rel="(\w+)"/g)].map((m) => m[1])).toEqual(['prev', 'index']);
  });

  it('puts the bar at the top and bottom of the body and stops the favicon request', () => {
    const page = '<!DOCTYPE html><html><head><title>x</title></head><body class="jp-Notebook"><main>cells</main></body></html>';
    const out = withNavigation(page, '<nav>N</nav>');
    expect(out).toMatch(/<body class="jp-Notebook">\n<nav>N<\/nav>\n<main>cells<\/main>\n<nav>N<\/nav>\n<\/body><\/html>$/);
    expect(out).toContain('<head>\n<link rel="icon" href="data:,">');
  });

  it('refuses a page without a body', () => {
    expect(() => withNavigation('<p>no body</p>', '<nav></nav>')).toThrow(/without <body>/);
  });

  it('names a neighbour by its title, with its number once', () => {
    expect(numberedTitle(lessons[0])).toBe('00 · Ambiente');
    expect(numberedTitle({ stem: '07-flink-sql', number: '07', title: 'Flink SQL' })).toBe('07 · Flink SQL');
    expect(navigationBar(lessons, 1)).toContain('>← 00 · Ambiente</a>');
  });

  it('escapes markup in titles', () => {
    expect(escapeHtml(`<a href="x">'&`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;');
  });
});

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { coursePaths, describeLesson, discoverNotebooks, readNotebook, type Lesson } from './course.js';
import { DeliveryError } from './errors.js';
import { render } from './render.js';
import { indexPage, navigationBar, pageFile, withNavigation } from './site-pages.js';

/** What {@link buildSite} wrote. */
export interface BuiltSite {
  /** The site folder, `build/site`. */
  folder: string;
  /** The lessons, in course order; each has a page `pageFile(lesson)`. */
  lessons: Lesson[];
}

/** Notebooks in `notebooks/` with no executed copy in `build/notebooks/`. */
export function missingExecutedCopies(root: string): string[] {
  const paths = coursePaths(root);
  return discoverNotebooks(paths.notebooks).filter((name) => !existsSync(join(paths.executed, name)));
}

/**
 * Builds `build/site/` from the executed copies `npm run notebooks` wrote: one page per notebook
 * (nbconvert lab template, offline variant) with previous/index/next links, and an index with
 * each notebook's order, title and time. Fails when a notebook has no executed copy.
 */
export async function buildSite(root: string): Promise<BuiltSite> {
  const paths = coursePaths(root);
  const names = discoverNotebooks(paths.notebooks);
  if (names.length === 0) throw new DeliveryError('no notebooks/NN-*.ipynb to build the site from', { hint: 'run from the repository root' });
  const missing = missingExecutedCopies(root);
  if (missing.length === names.length) {
    throw new DeliveryError('no executed notebooks in build/notebooks/: the site shows executed notebooks only', { hint: 'run `npm run notebooks` first' });
  }
  if (missing.length > 0) {
    throw new DeliveryError(`no executed copy of ${missing.join(', ')} in build/notebooks/`, {
      hint: `run \`npm run notebooks -- ${missing.map((name) => `notebooks/${name}`).join(' ')}\` (or \`npm run notebooks\`) first`,
    });
  }
  const folder = join(paths.build, 'site');
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const executed = names.map((name) => join(paths.executed, name));
  const lessons = names.map((name, index) => describeLesson(name.replace(/\.ipynb$/, ''), readNotebook(executed[index])));
  await render(root, 'page', executed, folder);
  lessons.forEach((lesson, index) => {
    const file = join(folder, pageFile(lesson));
    writeFileSync(file, withNavigation(readFileSync(file, 'utf8'), navigationBar(lessons, index)));
  });
  writeFileSync(join(folder, 'index.html'), indexPage(lessons));
  return { folder, lessons };
}

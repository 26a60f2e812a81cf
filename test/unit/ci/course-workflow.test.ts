import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = resolve(__dirname, '../../..');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | number>;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { 'runs-on': string; steps: Step[] }>;
}

const workflow = parse(readFileSync(join(ROOT, '.github/workflows/course.yml'), 'utf8')) as Workflow;
const jobs = Object.values(workflow.jobs);
const steps = jobs.flatMap((job) => job.steps);
const action = (name: string): Step => {
  const found = steps.filter((step) => step.uses?.split('@')[0] === name);
  expect(found, `one step uses ${name}`).toHaveLength(1);
  return found[0];
};

describe('.github/workflows/course.yml, the CI for forks', () => {
  it('runs on push and pull_request on ubuntu-latest', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push']);
    expect(jobs.map((job) => job['runs-on'])).toEqual(['ubuntu-latest']);
  });

  it('uses only standard actions (actions/*), each pinned to a major version', () => {
    for (const step of steps.filter((candidate) => candidate.uses)) expect(step.uses).toMatch(/^actions\/[a-z-]+@v\d+$/);
  });

  it('sets up Node 20 with the npm cache, Temurin Java 17 with the Maven (~/.m2) cache, Python 3.11 with the pip cache', () => {
    expect(action('actions/setup-node').with).toMatchObject({ 'node-version': 20, cache: 'npm' });
    expect(action('actions/setup-java').with).toMatchObject({ distribution: 'temurin', 'java-version': 17, cache: 'maven' });
    expect(action('actions/setup-python').with).toMatchObject({ 'python-version': '3.11', cache: 'pip' });
  });

  it('checks out first, installs a Chromium, then runs the README test command last among the run steps', () => {
    expect(steps[0].uses).toMatch(/^actions\/checkout@/);
    expect(steps.some((step) => /apt-get install[^\n]*chromium/.test(step.run ?? ''))).toBe(true);
    const runs = steps.filter((step) => step.run);
    const test = runs.at(-1)?.run?.trim();
    expect(test).toBe('npm ci && npm test');
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(test);
    const setups = ['actions/setup-node', 'actions/setup-java', 'actions/setup-python'].map((name) => steps.findIndex((step) => step.uses?.startsWith(name)));
    expect(Math.max(...setups)).toBeLessThan(steps.findIndex((step) => step.run === test || step.run?.trim() === test));
  });
});

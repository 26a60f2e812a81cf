import { describe, expect, it } from 'vitest';
import { labCommand } from '../../../kernel-helpers/src/jupyter/lab';

describe('JupyterLab keeps token authentication on loopback', () => {
  const token = 'a'.repeat(48);
  const { args, env } = labCommand({ notebooks: '/course/notebooks' }, 8899, token, false, { PATH: '/usr/bin' });

  it('listens on 127.0.0.1 only, on the given port, without opening a browser', () => {
    expect(args).toContain('--ip=127.0.0.1');
    expect(args).toContain('--port=8899');
    expect(args).toContain('--no-browser');
    expect(args.filter((arg) => arg.startsWith('--ip='))).toHaveLength(1);
  });

  it('passes the token in the environment, never on the command line (readable in /proc by every user)', () => {
    expect(env.JUPYTER_TOKEN).toBe(token);
    expect(args.join(' ')).not.toContain(token);
  });

  it('never disables authentication or its protections', () => {
    const joined = args.join(' ');
    expect(joined).not.toMatch(/token=(''|""|\s|$)/);
    expect(joined).not.toMatch(/disable_check_xsrf|allow_remote_access|password=''|--ip=0\.0\.0\.0|--ip=\*/);
  });

  it('adds --allow-root only as root', () => {
    expect(args).not.toContain('--allow-root');
    expect(labCommand({ notebooks: '/n' }, 1, token, true).args).toContain('--allow-root');
  });
});

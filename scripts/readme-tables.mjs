// Generates README.md's settings and commands tables from package.json (between the <!-- settings:begin/end -->
// and <!-- commands:begin/end --> markers). `node scripts/readme-tables.mjs` rewrites them; test/unit/manifest
// fails when README.md drifts from package.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const cell = s => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function settingsTable(pkg) {
  const rows = Object.entries(pkg.contributes.configuration.properties).map(([key, p]) => {
    const def = typeof p.default === 'string' ? (p.default ? `\`${p.default}\`` : '""') : `\`${JSON.stringify(p.default)}\``;
    const values = p.enum ? ` (${p.enum.map(v => `\`${v}\``).join(', ')})` : '';
    return `| \`${key}\` | ${p.scope} | ${cell(def)} | ${cell((p.markdownDescription || p.description || '') + values)} |`;
  });
  return ['| Setting | Scope | Default | Description |', '|---|---|---|---|', ...rows].join('\n');
}

export function commandsTable(pkg) {
  const hidden = new Set((pkg.contributes.menus.commandPalette || []).filter(m => m.when === 'false').map(m => m.command));
  const rows = pkg.contributes.commands.map(c =>
    `| ${cell(`${c.category}: ${c.title}`)} | \`${c.command}\` | ${hidden.has(c.command) ? 'from the view, CodeLens or quick fixes' : 'palette'} |`);
  return ['| Command | Id | Where |', '|---|---|---|', ...rows].join('\n');
}

export function render(readme, pkg) {
  const put = (text, name, body) => {
    const re = new RegExp(`(<!-- ${name}:begin -->\\n)[\\s\\S]*?(<!-- ${name}:end -->)`);
    if (!re.test(text)) throw new Error(`README.md has no ${name} markers`);
    return text.replace(re, (_m, begin, end) => `${begin}${body}\n${end}`);
  };
  return put(put(readme, 'settings', settingsTable(pkg)), 'commands', commandsTable(pkg));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const file = join(root, 'README.md');
  writeFileSync(file, render(readFileSync(file, 'utf8'), pkg));
  console.log('README.md tables updated');
}

/**
 * `mlrunSecrets/folderProject`: the project a folder's code names (`get_or_create_project("name")`,
 * `new_project("name")`, `load_project(name="name")`; shallowest file first, open documents as edited), else
 * `metadata.name` of a project.yaml.
 */
import * as path from 'node:path';
import type { FolderProject } from '../../../shared/src/protocol';
import { validateProjectName } from '../../../shared/src/mlrun';
import { documentKind } from '../analysis/analyzeFile';
import { isPythonLanguage, pythonCellText, readNotebook } from '../analysis/documents/notebook';
import { projectNameFromYaml } from '../analysis/documents/yaml';
import { projectNamesOf } from '../analysis/python/project';
import { resolveModule } from '../analysis/python/resolve';
import { PythonSource } from '../analysis/python/source';
import type { ServerState } from '../state';
import type { DiskTexts } from '../workspace/diskTexts';
import { fileUri, toFsPath } from '../workspace/folders';
import { listFiles } from '../workspace/listFiles';

function depth(p: string): number {
  return p.split(/[\\/]/).length;
}

function nameInSources(sources: PythonSource[]): string | undefined {
  try {
    for (const s of sources) {
      const names = projectNamesOf(resolveModule(s));
      if (names.length) return names[0].name;
    }
    return undefined;
  } finally {
    for (const s of sources) s.dispose();
  }
}

function nameInText(fsPath: string, text: string): string | undefined {
  if (!text.includes('_project')) return undefined;
  if (documentKind(fsPath) === 'notebook') {
    try {
      const nb = readNotebook(text);
      if (!isPythonLanguage(nb.language)) return undefined;
      return nameInSources(nb.cells.map(c => pythonCellText(c.text)).filter((t): t is string => t !== undefined).map(t => new PythonSource(t, { ipython: true })));
    } catch {
      return undefined;
    }
  }
  return nameInSources([new PythonSource(text)]);
}

export async function folderProject(state: ServerState, disk: DiskTexts, params: FolderProject.Params): Promise<FolderProject.Result> {
  await state.ready;
  const root = toFsPath(params.folderUri);
  if (!root) return { project: null, source: null };
  const folder = state.folders.of(params.folderUri);
  const config = await state.configs.get(folder?.uri ?? params.folderUri.replace(/\/$/, ''), root);
  const { files } = await listFiles(root, { exclude: config.config.exclude, excludeBase: root });
  files.sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0));
  const yamls: string[] = [];
  for (const fsPath of files) {
    const kind = documentKind(fsPath);
    const base = path.basename(fsPath).toLowerCase();
    if (kind === 'yaml') {
      if (base === 'project.yaml' || base === 'project.yml') yamls.push(fsPath);
      continue;
    }
    if (kind !== 'python' && kind !== 'notebook') continue;
    const uri = fileUri(fsPath);
    const open = state.texts.get(uri);
    let name: string | undefined;
    if (open?.source) {
      name = projectNamesOf(resolveModule(open.source))[0]?.name;
    } else if (state.notebooks.has(uri)) {
      const cells = state.notebooks.get(uri)!.cells.filter(c => c.text?.source);
      for (const c of cells) {
        name = projectNamesOf(resolveModule(c.text!.source!))[0]?.name;
        if (name) break;
      }
    } else {
      const text = disk.read(fsPath);
      if (text) name = nameInText(fsPath, text);
    }
    if (name) return { project: name, source: uri };
  }
  for (const fsPath of yamls) {
    const uri = fileUri(fsPath);
    const text = state.texts.get(uri)?.text ?? disk.read(fsPath);
    const name = text ? projectNameFromYaml(text) : undefined;
    if (name && validateProjectName(name) === undefined) return { project: name, source: uri };
  }
  return { project: null, source: null };
}

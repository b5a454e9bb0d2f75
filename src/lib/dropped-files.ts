/**
 * What a drop holds, folders included: the dataset's files and, beside them or alone, a model
 * (a Spark ALSModel folder or its .zip, an implicit .npz, an app .mrmodel). The page's drop zone
 * sorts one drop into both, so a Spark user can drop `ml-latest-small/` and `model/` together.
 */

/** A dropped file and its path inside what was dropped (`model/userFactors/part-00000.parquet`). */
export interface DroppedFile {
  readonly file: File;
  readonly path: string;
}

/** The part of the File and Directory Entries API a drop walk needs (webkitGetAsEntry's entries
 * have it; so do the tests' fakes). */
export interface DropEntry {
  readonly isFile: boolean;
  readonly isDirectory: boolean;
  readonly name: string;
  readonly fullPath: string;
}
interface FileDropEntry extends DropEntry {
  file(success: (file: File) => void, failure?: (error: DOMException) => void): void;
}
interface DirectoryDropEntry extends DropEntry {
  createReader(): { readEntries(success: (entries: DropEntry[]) => void, failure?: (error: DOMException) => void): void };
}

const isFileEntry = (entry: DropEntry): entry is FileDropEntry => entry.isFile;
const isDirectoryEntry = (entry: DropEntry): entry is DirectoryDropEntry => entry.isDirectory;

/** Every file under the entries, folders walked, each with its path from the drop. */
export async function walkEntries(entries: readonly DropEntry[]): Promise<DroppedFile[]> {
  const out: DroppedFile[] = [];
  const visit = async (entry: DropEntry): Promise<void> => {
    if (isFileEntry(entry)) {
      const file = await new Promise<File>((resolve, reject) => entry.file(resolve, reject));
      out.push({ file, path: entry.fullPath.replace(/^\/+/, '') || entry.name });
    } else if (isDirectoryEntry(entry)) {
      const reader = entry.createReader();
      // readEntries answers in batches (Chromium: 100 at a time) until an empty one.
      for (;;) {
        const batch = await new Promise<DropEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
        if (batch.length === 0) break;
        for (const child of batch) await visit(child);
      }
    }
  };
  for (const entry of entries) await visit(entry);
  return out;
}

/**
 * The files of a drop event, folders walked. The entries are taken before the first await: the
 * browser empties a DataTransfer once its drop handler returns. Items without an entry (a drop
 * synthesised by a script) come as plain files named by their name.
 */
export function droppedFiles(dataTransfer: DataTransfer): Promise<DroppedFile[]> {
  const entries: DropEntry[] = [];
  const loose: File[] = [];
  for (const item of Array.from(dataTransfer.items)) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry();
    const file = entry ? null : item.getAsFile();
    if (entry) entries.push(entry);
    else if (file) loose.push(file);
  }
  if (entries.length === 0 && loose.length === 0) loose.push(...Array.from(dataTransfer.files));
  return walkEntries(entries).then((walked) => [...walked, ...loose.map((file) => ({ file, path: file.name }))]);
}

/** A model found in a drop: its files, with the paths the reader places them by. */
export interface DroppedModel {
  readonly files: readonly File[];
  readonly paths: readonly string[];
  /** How the person would name it: the folder, or the file. */
  readonly label: string;
}

export interface SortedDrop {
  /** The files the dataset import reads (it names and skips what it does not use). */
  readonly dataset: readonly File[];
  readonly model: DroppedModel | undefined;
  /** Files left out, each with why (said on the page, never dropped silently). */
  readonly ignored: readonly string[];
}

const DATASET_FILE = /\.(csv|dat|data|item|zip)$/i;
const MODEL_FILE = /\.(npz|mrmodel)$/i;
const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/**
 * Sorts a drop into the dataset's files and at most one model. A Spark model folder is the
 * folder above `metadata/part-*`; a `.zip` is a model when `isModelZip` says so (its entries
 * name `userFactors/`), else a MovieLens download. A second model is left out, said why.
 */
export async function sortDrop(files: readonly DroppedFile[], isModelZip: (file: File) => Promise<boolean>): Promise<SortedDrop> {
  const ignored: string[] = [];
  const models: DroppedModel[] = [];
  const metadata = files.map((dropped) => /^(.*\/)?metadata\/part-[^/]*$/.exec(dropped.path)).filter((match) => match !== null);
  const roots = [...new Set(metadata.map((match) => match[1] ?? ''))];
  // What ALSModel.save writes under its folder (training.json: the job's settings beside it).
  const ofModel = (path: string, root: string) =>
    path.startsWith(root) && /^((metadata|userFactors|itemFactors)\/|training\.json$)/.test(path.slice(root.length));
  const inModelFolder = (path: string) => roots.some((root) => ofModel(path, root));
  for (const root of roots) {
    const inside = files.filter((dropped) => ofModel(dropped.path, root));
    // Paths keep the model folder's own name ('model/metadata/part-00000'): the reader takes any
    // folder above the model, and the worker names the model by it.
    const folder = root.replace(/\/$/, '');
    const above = folder.includes('/') ? folder.slice(0, folder.lastIndexOf('/') + 1) : '';
    models.push({
      files: inside.map((dropped) => dropped.file),
      paths: inside.map((dropped) => dropped.path.slice(above.length)),
      label: folder.split('/').pop() || 'the model folder',
    });
  }
  const dataset: File[] = [];
  for (const dropped of files) {
    const name = baseName(dropped.path);
    if (inModelFolder(dropped.path)) continue;
    if (MODEL_FILE.test(name) || (/\.zip$/i.test(name) && (await isModelZip(dropped.file)))) {
      models.push({ files: [dropped.file], paths: [name], label: name });
    } else if (DATASET_FILE.test(name) || !dropped.path.includes('/')) {
      // Files dropped as files go to the dataset import, which says what each one is (or is
      // not); from a dropped folder only the kinds MovieLens ships, so its README stays out.
      dataset.push(dropped.file);
    } else ignored.push(`${dropped.path} (not a MovieLens file or a model)`);
  }
  const [model, ...others] = models;
  for (const other of others) ignored.push(`${other.label} (a second model; ${model!.label} was imported)`);
  return { dataset, model, ignored };
}

/** Whether a .zip holds a Spark ALSModel: its central directory (at the end, names in plain
 * bytes) names `userFactors/`. Reads the last MiB, not the whole file. */
export async function isSparkModelZip(file: File): Promise<boolean> {
  const tail = new Uint8Array(await file.slice(Math.max(0, file.size - 2 ** 20)).arrayBuffer());
  return new TextDecoder('latin1').decode(tail).includes('userFactors/');
}

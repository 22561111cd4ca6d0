// Model files: the "open a model" input, which reads a chosen file's bytes for the training worker to
// check, and the download of the trained weights (safetensors).

const MAX_MODEL_FILE_BYTES = 64 * 1024 * 1024; // the page's largest model (LSTM 512 × 4 layers) is about 34 MB

export interface ModelFileCallbacks {
  /** A file was chosen: from now on, messages about opening name it. */
  onChosen(name: string): void;
  onBytes(bytes: Uint8Array<ArrayBuffer>, name: string): void;
  onProblem(message: string): void;
}

export class ModelFiles {
  constructor(input: HTMLInputElement, chosen: HTMLOutputElement, callbacks: ModelFileCallbacks) {
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      input.value = ''; // so the same file can be opened again
      if (file === undefined) return;
      chosen.dataset['untranslated'] = ''; // the user's file name, in any page language
      chosen.value = file.name;
      callbacks.onChosen(file.name);
      if (file.size > MAX_MODEL_FILE_BYTES) {
        callbacks.onProblem(`Opening ${file.name} failed: it is ${(file.size / 1024 / 1024).toFixed(1)} MB, more than any model this page makes.`);
        return;
      }
      file.arrayBuffer().then(
        (buffer) => callbacks.onBytes(new Uint8Array(buffer), file.name),
        (error: unknown) => callbacks.onProblem(`Opening ${file.name} failed: it could not be read (${String(error)}).`),
      );
    });
  }

  /** Saves `bytes` as `name` through the browser's download. */
  download(bytes: Uint8Array<ArrayBuffer>, name: string): void {
    const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = name;
    anchor.click();
    URL.revokeObjectURL(url);
  }
}

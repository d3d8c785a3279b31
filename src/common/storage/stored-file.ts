/** What every stored file (case attachment, report file) shows of itself, as plain data. */
export interface StoredFileData {
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
}

/** The stored-file columns of a row as plain data (the ISO time of its upload). */
export function storedFileData(f: {
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: Date;
}): StoredFileData {
  return {
    fileName: f.fileName,
    mediaType: f.mediaType,
    sizeBytes: f.sizeBytes,
    sha256: f.sha256,
    createdAt: f.createdAt.toISOString(),
  };
}

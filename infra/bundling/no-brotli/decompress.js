// Stands in for the npm package `brotli` in the Lambda bundles (infra/constructs/project-function.ts).
// fontkit imports its half-megabyte decompressor only to read WOFF2 fonts; the PDFs embed TrueType
// fonts (shared/presentation/pdf.ts), so no function ever calls it.
module.exports = function decompress() {
  throw new Error('WOFF2 fonts are not supported in this bundle');
};

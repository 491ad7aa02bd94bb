// Builds the flow builder into the Python package's static folder, under fixed names the
// builder page refers to (the folder is git-ignored: the build runs at install time).
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

const out = fileURLToPath(new URL("../src/sopflow/web/static/builder", import.meta.url));

export default defineConfig({
  plugins: [react()],
  // Asset URLs relative to the script, so the ELK worker is fetched from the builder's folder.
  base: "./",
  build: {
    outDir: out,
    emptyOutDir: true,
    sourcemap: false,
    target: "es2022",
    chunkSizeWarningLimit: 3000,
    rollupOptions: {
      input: fileURLToPath(new URL("src/main.tsx", import.meta.url)),
      output: {
        entryFileNames: "builder.js",
        chunkFileNames: "builder-[name].js",
        // The page links builder.css by name; the ELK worker script keeps a name of its own.
        assetFileNames: (asset) => (asset.names.some((name) => name.endsWith(".css")) ? "builder[extname]" : "builder-[name][extname]"),
      },
    },
  },
  test: { include: ["src/**/*.test.ts"], environment: "node" },
});

// Builds the flow builder into the Python package's static folder, under fixed names the
// builder page refers to (the folder is git-ignored: the build runs at install time).
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

const out = fileURLToPath(new URL("../src/sopflow/web/static/builder", import.meta.url));

export default defineConfig({
  plugins: [react()],
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
        assetFileNames: "builder[extname]",
      },
    },
  },
  test: { include: ["src/**/*.test.ts"], environment: "node" },
});

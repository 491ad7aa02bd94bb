// Reads a JSON list of SOP documents on stdin and writes each as the builder would save it
// unedited: fromGraph(toGraph(document)). The Python tests compare the canonical YAML.
import { fromGraph, toGraph } from "../src/convert.ts";
import type { SopDocument } from "../src/types.ts";

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const documents = JSON.parse(Buffer.concat(chunks).toString("utf8")) as SopDocument[];
process.stdout.write(JSON.stringify(documents.map((document) => fromGraph(toGraph(document), document))));

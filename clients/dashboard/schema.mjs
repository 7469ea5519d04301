// What both client scripts need to know about the live schema, read by introspection the way a
// dashboard's build step would: which types implement the interfaces (Apollo's possibleTypes),
// which fields are connections (to page them with the clients' Relay helpers), and which
// object types have no id (value objects, kept inside their parent by the caches).
import { getIntrospectionQuery } from "graphql";

export const url = process.env.MAO_URL || "http://localhost:8080/graphql";

/** post sends one GraphQL request and returns the parsed JSON answer. */
export async function post(query, variables = {}) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/graphql-response+json, application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors && !body.data) throw new Error(`${url}: ${JSON.stringify(body.errors)}`);
  return body;
}

/** introspect returns the standard introspection result of the live server. */
export async function introspect() {
  const { data } = await post(getIntrospectionQuery());
  return data;
}

const unwrap = (t) => (t.ofType ? unwrap(t.ofType) : t);
const pagingArgs = new Set(["first", "after", "last", "before"]);

/** describe reads what the scripts configure from an introspection result. */
export function describe(intro) {
  const possibleTypes = {};
  const connections = {}; // type name -> { field name -> key arguments }
  const noID = [];
  for (const t of intro.__schema.types) {
    if (t.name.startsWith("__")) continue;
    if (t.possibleTypes && t.kind !== "UNION") possibleTypes[t.name] = t.possibleTypes.map((p) => p.name);
    if (t.kind !== "OBJECT") continue;
    if (!t.fields.some((f) => f.name === "id") && t.name !== "Query") noID.push(t.name);
    for (const f of t.fields) {
      if (unwrap(f.type).name.endsWith("Connection")) {
        (connections[t.name] ||= {})[f.name] = f.args.map((a) => a.name).filter((a) => !pagingArgs.has(a));
      }
    }
  }
  return { possibleTypes, connections, noID };
}

/** trap collects everything a library prints as a warning or error. */
export function trap() {
  const seen = [];
  for (const level of ["warn", "error"]) {
    const orig = console[level];
    console[level] = (...args) => {
      seen.push(`${level}: ${args.map((a) => (a instanceof Error ? a.stack : typeof a === "string" ? a : JSON.stringify(a))).join(" ")}`);
      orig.apply(console, args);
    };
  }
  return seen;
}

/** check records a failed expectation. */
export function checker() {
  const failures = [];
  const check = (ok, what) => {
    if (!ok) failures.push(what);
  };
  return { failures, check };
}

export const lists = ["regions", "initiatives", "organisations", "people", "bouwstenen", "events", "themes", "programmes", "documents"];

/** finish prints the outcome and sets the exit code: 1 on a failure or a printed warning. */
export function finish(name, failures, warnings) {
  for (const f of failures) console.log(`FAIL ${name}: ${f}`);
  for (const w of warnings) console.log(`WARNING ${name}: ${w.split("\n")[0]}`);
  if (failures.length || warnings.length) {
    process.exitCode = 1;
  } else {
    console.log(`ok ${name}`);
  }
}

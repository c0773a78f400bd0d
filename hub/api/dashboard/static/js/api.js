// The dashboard's only way to the data: the public GraphQL API and /export, with the visitor's token.
const TOKEN_KEY = "spmhub.token";

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || "";
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value.trim());
  else sessionStorage.removeItem(TOKEN_KEY);
}

function headers(extra = {}) {
  const secret = token();
  return secret ? { ...extra, Authorization: `Bearer ${secret}` } : extra;
}

export class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

/** Run one GraphQL operation; returns { data, errors } (errors may come with partial data). */
export async function gql(query, variables = {}) {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: headers({ "Content-Type": "application/json", Accept: "application/json" }),
    body: JSON.stringify({ query, variables }),
  });
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`HTTP ${response.status}`, "HTTP");
  }
  if (!body.data && body.errors?.length) {
    const first = body.errors[0];
    throw new ApiError(first.message, first.extensions?.code || "ERROR");
  }
  if (body.code && body.message) throw new ApiError(body.message, body.code); // refused by the gate
  return { data: body.data || {}, errors: body.errors || [] };
}

/** The data of an operation, or an ApiError if any part failed. */
export async function data(query, variables = {}) {
  const result = await gql(query, variables);
  if (result.errors.length) {
    const first = result.errors[0];
    throw new ApiError(first.message, first.extensions?.code || "ERROR");
  }
  return result.data;
}

const typeCache = new Map();
const TYPE_REF = "kind name ofType { kind name ofType { kind name ofType { kind name } } }";

/** The fields of a GraphQL type by introspection (null when introspection is off or the type is unknown). */
export function typeFields(name) {
  if (!typeCache.has(name)) {
    const query = `query($name: String!) { __type(name: $name) { kind fields {
      name description args { name defaultValue type { ${TYPE_REF} } } type { ${TYPE_REF} } } } }`;
    typeCache.set(
      name,
      gql(query, { name })
        .then(({ data: answer }) => answer.__type?.fields || null)
        .catch(() => null),
    );
  }
  return typeCache.get(name);
}

/** Whether every named field exists on a type (false when it cannot be told). */
export async function hasFields(typeName, names) {
  const fields = await typeFields(typeName);
  return !!fields && names.every((n) => fields.some((f) => f.name === n));
}

/** Download /export/<dataset>.<fmt> with the same filters and the visitor's token. */
export async function download(dataset, fmt, filters) {
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== null && v !== undefined && v !== ""));
  const response = await fetch(`/export/${dataset}.${fmt}?${query}`, { headers: headers() });
  if (!response.ok) {
    let message = `HTTP ${response.status}`;
    try {
      message = (await response.json()).message || message;
    } catch {
      /* not JSON */
    }
    throw new ApiError(message, "EXPORT");
  }
  const blob = await response.blob();
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = `${dataset}.${fmt}`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

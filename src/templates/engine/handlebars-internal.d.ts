declare module 'handlebars/dist/cjs/handlebars/internal/proto-access' {
  export function createProtoAccessControl(runtimeOptions: object): unknown;
}

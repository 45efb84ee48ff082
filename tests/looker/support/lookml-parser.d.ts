declare module "lookml-parser" {
  export function parseFiles(options: {
    source: Array<{ path: string; content: string }>;
    fileOutput?: "by-name";
    transformations?: { applyExtensionsRefinements?: boolean; removeAbstract?: boolean };
    console?: { log(...args: unknown[]): void; warn(...args: unknown[]): void; error(...args: unknown[]): void };
  }): Promise<{ errors?: Array<{ error: unknown; $file_path: string }>; manifest?: Record<string, unknown>; model: Record<string, LookmlModel> }>;

  export interface LookmlModel {
    include?: string | string[];
    view?: Record<string, LookmlView>;
    explore?: Record<string, LookmlExplore>;
    dashboard?: Record<string, Array<Record<string, unknown>>>;
    [key: string]: unknown;
  }
  export interface LookmlField {
    type?: string;
    sql?: string;
    primary_key?: boolean;
    description?: string;
    hidden?: boolean;
    timeframes?: string[];
    filters?: Record<string, unknown>;
    [key: string]: unknown;
  }
  export interface LookmlView {
    sql_table_name?: string;
    dimension?: Record<string, LookmlField>;
    dimension_group?: Record<string, LookmlField>;
    measure?: Record<string, LookmlField>;
    [key: string]: unknown;
  }
  export interface LookmlExplore {
    from?: string;
    view_name?: string;
    label?: string;
    join?: Record<string, { from?: string; relationship?: string; sql_on?: string; type?: string }>;
    [key: string]: unknown;
  }
}

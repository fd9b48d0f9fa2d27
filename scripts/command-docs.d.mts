export function commandPages(help: (path: string[]) => Promise<string>): Promise<Map<string, string>>;
export function pageFile(name: string): string;

/** The HTML of the first row of table `className` whose text contains `needle` ("" when none). */
export function rowOf(html: string, className: string, needle: string): string {
  const tableHtml = html.split(`<table class="${className}">`)[1]?.split("</table>")[0] ?? "";
  return tableHtml.split("<tr>").find((row) => row.includes(needle)) ?? "";
}

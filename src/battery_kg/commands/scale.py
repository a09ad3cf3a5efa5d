"""Commands for graphs at scale: ``publish`` to a triple store, ``serve`` a read-only endpoint,
``generate`` a synthetic supply chain."""

from __future__ import annotations

from pathlib import Path

import click

from battery_kg.commands.options import root_option


@click.command("publish")
@click.option("--endpoint", required=True, metavar="URL",
              help="Graph Store Protocol URL, e.g. http://localhost:7878/store (Oxigraph), "
              "http://localhost:3030/ds/data (Fuseki).")
@click.option("--graph", "graph", metavar="IRI", default=None,
              help="Put everything in this one named graph instead of one graph per source.")
@click.option("--replace", is_flag=True, help="Replace each graph (PUT) instead of adding to it (POST).")
@root_option
def publish_command(endpoint: str, graph: str | None, replace: bool, root: Path | None) -> None:
    """Load the built graph (named graphs kept, ontology included) into a triple store.

    Credentials come from the environment only: BATTERY_KG_TOKEN (bearer) or BATTERY_KG_USER and
    BATTERY_KG_PASSWORD (Basic, or Digest when the server asks; BATTERY_KG_AUTH=digest to start with
    it). Publishing twice leaves the same store. A redirect, a refused upload or a bad URL exits 2; a
    refused upload says which graphs were and were not written.
    """
    from battery_kg.net.http_client import check_url
    from battery_kg.release.publish import publish
    from battery_kg.stores import open_store

    check_url(endpoint)  # before loading anything

    store = open_store("oxigraph", root=root)
    report = publish(store, endpoint, graph=graph, replace=replace)
    click.echo(f"published {report.triples} triples in {len(report.graphs)} graph(s) to {report.endpoint} "
               f"({report.method})", err=True)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback exposes the endpoint to the network.")
@click.option("--port", default=7879, show_default=True, type=int, help="Port to listen on (0: any free port).")
@click.option("--timeout", default=10.0, show_default=True, type=float, help="Time limit per query, in seconds.")
@click.option("--max-result-mb", default=50.0, show_default=True, type=float, help="Largest answer sent, in MB.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1), help="Queries run at the same time.")
@click.option("--memory-mb", default=2048, show_default=True, type=click.IntRange(256),
              help="Address-space cap of each query process; a query that needs more gets 503.")
@click.option("--queue", "max_waiting", default=16, show_default=True, type=click.IntRange(0),
              help="Requests that may wait for a free worker; more get 503 with Retry-After.")
@root_option
def serve_command(host: str, port: int, timeout: float, max_result_mb: float, workers: int, memory_mb: int,
                  max_waiting: int, root: Path | None) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint, with a query page at /.

    Updates are refused; the query processes cannot open network connections, so SERVICE is refused
    too. A query that runs past --timeout (parsing included) or past --memory-mb is stopped (503).
    SIGTERM or Ctrl-C stops the server and removes its temporary store.
    """
    from battery_kg.serve import make_endpoint

    endpoint = make_endpoint(host, port, root=root, timeout=timeout, max_result_bytes=int(max_result_mb * 1e6),
                             workers=workers, verbose=True, memory_mb=memory_mb, max_waiting=max_waiting)
    click.echo(f"SPARQL endpoint at {endpoint.url} (query page at {endpoint.url[:-len('sparql')]}); Ctrl-C stops",
               err=True)
    try:
        endpoint.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        endpoint.stop()


@click.command("generate")
@click.option("--companies", default=20, show_default=True, type=click.IntRange(7), help="Number of companies.")
@click.option("--seed", default=0, show_default=True, type=int, help="Random seed: same seed, same files.")
@click.option("-o", "--output", "output", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write graph/ and injected.json into.")
@click.option("--inject", default=None, metavar="KIND=N,...",
              help="Add known violations: capacity-decrease, milestone-order, missing-operator, bad-unit, "
              "missing-label (N alone: N of each).")
def generate_command(companies: int, seed: int, output: Path, inject: str | None) -> None:
    """Write a synthetic battery supply chain that conforms to the shapes (use with --root DIR)."""
    from battery_kg.generate import generate, parse_inject

    summary = generate(output, companies=companies, seed=seed, inject=parse_inject(inject))
    click.echo(f"{summary.companies} companies, {summary.sites} sites, {summary.triples} triples, "
               f"{len(summary.injected)} injected violation(s) in {output}", err=True)


COMMANDS = [publish_command, serve_command, generate_command]

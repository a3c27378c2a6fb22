#!/usr/bin/python3
# A TLS front for the local S3 server, for the tests that s3copy verifies certificates: it accepts
# TLS with the certificate it is given and relays the decrypted bytes to the plain-HTTP server.
import os
import socket
import ssl
import sys
import threading


def relay(source, destination):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            destination.sendall(data)
    except OSError:
        pass
    finally:
        for end in (source, destination):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve(client, upstream_port):
    try:
        upstream = socket.create_connection(("127.0.0.1", upstream_port))
    except OSError:
        client.close()
        return
    threading.Thread(target=relay, args=(client, upstream), daemon=True).start()
    relay(upstream, client)


def write_port(port_file, port):
    """Written whole, then renamed, so that a reader never sees half a number."""
    with open(port_file + ".tmp", "w") as out:
        out.write(str(port))
    os.rename(port_file + ".tmp", port_file)


def main():
    if len(sys.argv) != 5:
        sys.exit("usage: tls_proxy.py CERT_PEM KEY_PEM UPSTREAM_PORT PORT_FILE")
    cert, key, upstream_port, port_file = sys.argv[1:]
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    listener = socket.create_server(("127.0.0.1", 0))
    write_port(port_file, listener.getsockname()[1])
    while True:
        raw, _ = listener.accept()
        try:
            client = context.wrap_socket(raw, server_side=True)
        except (ssl.SSLError, OSError):  # a client that refused the certificate, as it should
            raw.close()
            continue
        threading.Thread(target=serve, args=(client, int(upstream_port)), daemon=True).start()


if __name__ == "__main__":
    main()

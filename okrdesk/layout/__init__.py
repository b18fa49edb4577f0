"""Qt-free geometry: turns the model into page pictures drawn by the screen and paper painters."""

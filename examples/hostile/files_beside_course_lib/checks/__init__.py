def check(*a, **k):
    return True
